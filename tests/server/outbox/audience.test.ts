import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countAudience } from '../../../src/server/outbox/enqueue.js';
import { createIncident, postIncidentUpdate } from '../../../src/server/use-cases/incidents.js';
import { audienceAfter, audienceBefore } from '../../../src/server/views/admin/audience.js';
import { SYSTEM } from '../../../src/server/audit.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, page } from '../../helpers/fixtures.js';
import { subscriber } from '../../helpers/subscribers.js';
import { deliveries } from '../../../db/schema.js';
import { eq } from 'drizzle-orm';

const NOW = Date.UTC(2026, 11, 4, 12);
let t: TempDatabase;
let api: string;
let web: string;
let dbc: string;

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'UTC', NOW - DAY);
  api = component(t.db, 'api', 'API', NOW - DAY);
  web = component(t.db, 'web', 'Website', NOW - DAY, { position: 2 });
  dbc = component(t.db, 'db', 'Database', NOW - DAY, { position: 3 });
  subscriber(t.db, 'all@example.com', 'active', NOW - DAY);
  subscriber(t.db, 'api@example.com', 'active', NOW - DAY, { componentIds: [api] });
  subscriber(t.db, 'web@example.com', 'active', NOW - DAY, { componentIds: [web] });
  subscriber(t.db, 'new@example.com', 'unconfirmed', NOW - DAY);
  subscriber(t.db, 'left@example.com', 'unsubscribed', NOW - DAY, { componentIds: [api] });
});
afterEach(() => t.dispose());

const queued = (updateId: string): number => t.db.select().from(deliveries).where(eq(deliveries.updateId, updateId)).all().length;
const fields = (changes: { componentId: string; status: 'major_outage' | 'operational' }[]) =>
  ({ title: 'Errors', severity: 'SEV2', impactOverride: null, status: 'investigating', message: 'Looking.', notify: true, changes }) as const;

describe('the subscriber count a form shows before publishing', () => {
  it.each([
    ['API', () => [api], 2],
    ['Website and API', () => [web, api], 3],
    ['Database (nobody chose it)', () => [dbc], 1],
    ['no component (the whole page)', () => [], 3],
  ])('for a new incident on %s is what publishing then queues', (_name, chosen, expected) => {
    const ids = chosen();
    expect(countAudience(t.db, null, ids)).toBe(expected);
    createIncident(t.db, fields(ids.map((componentId) => ({ componentId, status: 'major_outage' }))), SYSTEM, 'UTC', NOW);
    const update = t.db.select().from(deliveries).all();
    expect(update).toHaveLength(expected);
  });

  it('counts an update’s audience from the incident’s components plus the newly chosen ones', () => {
    const { id } = createIncident(t.db, fields([{ componentId: api, status: 'major_outage' }]), SYSTEM, 'UTC', NOW);
    expect(countAudience(t.db, id, [])).toBe(2);
    expect(audienceBefore(t.db, { [`component:${web}`]: 'major_outage' }, { kind: 'incident', eventId: id })).toBe('3 subscribers will be notified');
    const update = postIncidentUpdate(t.db, id, { status: 'identified', message: 'Found it.', notify: true, changes: [{ componentId: web, status: 'major_outage' }] }, SYSTEM, NOW + 60_000);
    expect(queued(update.id)).toBe(3);
  });

  it('says what became of the mail an update queued, and nothing when it queued none', () => {
    const { id } = createIncident(t.db, fields([{ componentId: api, status: 'major_outage' }]), SYSTEM, 'UTC', NOW);
    const [first] = t.db.select().from(deliveries).all();
    t.db.update(deliveries).set({ state: 'sent' }).where(eq(deliveries.id, first!.id)).run();
    expect(audienceAfter(t.db, first!.updateId!)).toBe('Sent to 1 subscriber · 1 pending');
    const quiet = postIncidentUpdate(t.db, id, { status: 'identified', message: 'Found it.', notify: false, changes: [] }, SYSTEM, NOW + 60_000);
    expect(audienceAfter(t.db, quiet.id)).toBeNull();
  });
});
