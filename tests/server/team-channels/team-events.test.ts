import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveries, teamChannels } from '../../../db/schema.js';
import type { TeamEvent } from '../../../src/core/channels/message.js';
import { newPublicId } from '../../../src/server/ids.js';
import { teamMessageFromPayload, type StoredTeamMessage } from '../../../src/server/team-channels/enqueue.js';
import { MAIL_FAILING_THRESHOLD, watchTeamEvents } from '../../../src/server/team-channels/watch.js';
import { setComponentStatus } from '../../../src/server/use-cases/components.js';
import { createIncident, postIncidentUpdate } from '../../../src/server/use-cases/incidents.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, MINUTE, page } from '../../helpers/fixtures.js';
import { delivery, subscriber } from '../../helpers/subscribers.js';

const T0 = Date.parse('2026-12-04T12:00:00Z');
const owner = { id: null, label: 'test' };
let t: TempDatabase;

function channel(events: readonly TeamEvent[], options: Partial<{ enabled: boolean; quarantined: boolean; kind: 'slack' | 'teams' | 'discord' }> = {}): string {
  const id = newPublicId();
  t.db.insert(teamChannels)
    .values({
      id,
      name: `room ${id}`,
      kind: options.kind ?? 'slack',
      urlEncrypted: 'sealed',
      events: JSON.stringify(events),
      enabled: options.enabled ?? true,
      quarantinedAt: options.quarantined ? T0 : null,
      createdAt: T0,
      updatedAt: T0,
    })
    .run();
  return id;
}

/** Team rows queued so far, with their decoded messages. */
function queued(channelId?: string): { channel: string; kind: string; message: StoredTeamMessage; teamChannelId: string | null }[] {
  return t.db
    .select()
    .from(deliveries)
    .where(channelId ? eq(deliveries.teamChannelId, channelId) : sql`${deliveries.teamChannelId} is not null`)
    .orderBy(deliveries.id)
    .all()
    .map((r) => ({ channel: r.channel, kind: r.kind, message: JSON.parse(r.payload!) as StoredTeamMessage, teamChannelId: r.teamChannelId }));
}

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Cloud', 'UTC', T0);
});
afterEach(() => t.dispose());

function openIncident(at: number): { id: string; componentId: string } {
  const componentId = component(t.db, 'api', 'API', T0);
  const { id } = createIncident(
    t.db,
    { title: 'API errors', severity: 'SEV2', impactOverride: null, status: 'investigating', message: '**Elevated** errors on the API.', notify: true, changes: [{ componentId, status: 'partial_outage' }] },
    owner,
    'UTC',
    at,
  );
  return { id, componentId };
}

describe('team channel events are queued with the change that causes them', () => {
  it('an update queues update_published (with severity) and the component change, for the channels that chose them', () => {
    const both = channel(['update_published', 'component_status_changed'], { kind: 'discord' });
    const updatesOnly = channel(['update_published']);
    const none = channel(['update_overdue']);
    const off = channel(['update_published'], { enabled: false });
    const quarantined = channel(['update_published'], { quarantined: true });
    const { id } = openIncident(T0);

    const toBoth = queued(both);
    expect(toBoth.map((r) => r.message.event).sort()).toEqual(['component_status_changed', 'update_published']);
    expect(toBoth.every((r) => r.channel === 'discord' && r.kind === 'team_event')).toBe(true);
    const update = toBoth.find((r) => r.message.event === 'update_published')!.message;
    expect(update.headline).toBe('Investigating · API errors');
    expect(update.text).toBe('Elevated errors on the API.');
    expect(update.url).toBe(`/admin/incidents/${id}`);
    expect(update.manageUrl).toBeNull();
    expect(update.tone).toBe('major');
    expect(update.facts).toContainEqual({ label: 'Severity', value: 'SEV2' });
    const change = toBoth.find((r) => r.message.event === 'component_status_changed')!.message;
    expect(change.headline).toBe('API: Operational → Partial outage');

    expect(queued(updatesOnly).map((r) => r.message.event)).toEqual(['update_published']);
    for (const c of [none, off, quarantined]) expect(queued(c)).toEqual([]);
  });

  it('a status set by hand is announced; the next update is announced once more, and resolution is good news', () => {
    const room = channel(['update_published', 'component_status_changed']);
    const { id, componentId } = openIncident(T0);
    setComponentStatus(t.db, componentId, 'major_outage', owner, T0 + MINUTE);
    postIncidentUpdate(t.db, id, { status: 'resolved', message: 'Fixed.', notify: true, changes: [{ componentId, status: 'operational' }] }, owner, T0 + 2 * MINUTE);
    const events = queued(room).map((r) => `${r.message.event}:${r.message.tone}`);
    expect(events).toEqual([
      'component_status_changed:major',
      'update_published:major',
      'component_status_changed:critical',
      'component_status_changed:resolved',
      'update_published:resolved',
    ]);
  });

  it('rolls back with the change: a refused update queues nothing', () => {
    const room = channel(['update_published']);
    const { id } = openIncident(T0);
    expect(() => postIncidentUpdate(t.db, id, { status: 'postmortem', message: 'x', notify: true, changes: [] }, owner, T0 + MINUTE)).toThrow();
    expect(queued(room)).toHaveLength(1);
  });
});

describe('the scheduler’s checks fire once per episode', () => {
  it('update_overdue: once while overdue, again after the next update falls overdue', () => {
    const room = channel(['update_overdue']);
    const { id } = openIncident(T0);
    // SEV2: an update every 30 minutes.
    expect(watchTeamEvents(t.db, T0 + 29 * MINUTE).overdue).toBe(0);
    expect(watchTeamEvents(t.db, T0 + 31 * MINUTE).overdue).toBe(1);
    expect(watchTeamEvents(t.db, T0 + 32 * MINUTE).overdue).toBe(0);
    expect(watchTeamEvents(t.db, T0 + 90 * MINUTE).overdue).toBe(0);
    postIncidentUpdate(t.db, id, { status: 'identified', message: 'Found it.', notify: false, changes: [] }, owner, T0 + 91 * MINUTE);
    expect(watchTeamEvents(t.db, T0 + 100 * MINUTE).overdue).toBe(0);
    expect(watchTeamEvents(t.db, T0 + 122 * MINUTE).overdue).toBe(1);
    const overdue = queued(room).map((r) => r.message);
    expect(overdue).toHaveLength(2);
    expect(overdue[0]!.headline).toBe('Update overdue by 1 min: API errors');
  });

  it('mail_delivery_failing: from the threshold, once, until a mail goes out again', () => {
    const room = channel(['mail_delivery_failing']);
    const s = subscriber(t.db, 'a@example.com', 'active', T0);
    const fail = (at: number): void => {
      const id = delivery(t.db, s, at, { attempts: 1 });
      t.db.update(deliveries).set({ lastError: '421 relay busy', updatedAt: at }).where(eq(deliveries.id, id)).run();
    };
    for (let i = 0; i < MAIL_FAILING_THRESHOLD - 1; i++) fail(T0 + i);
    expect(watchTeamEvents(t.db, T0 + MINUTE).mailFailing).toBe(0);
    fail(T0 + 10);
    expect(watchTeamEvents(t.db, T0 + MINUTE).mailFailing).toBe(1);
    fail(T0 + 20);
    expect(watchTeamEvents(t.db, T0 + 2 * MINUTE).mailFailing).toBe(0);
    // A mail goes out: the episode ends; a new run of failures is a new one.
    const ok = delivery(t.db, s, T0 + 3 * MINUTE, { state: 'sent' });
    t.db.update(deliveries).set({ sentAt: T0 + 3 * MINUTE }).where(eq(deliveries.id, ok)).run();
    for (let i = 0; i < MAIL_FAILING_THRESHOLD; i++) fail(T0 + 4 * MINUTE + i);
    expect(watchTeamEvents(t.db, T0 + 5 * MINUTE).mailFailing).toBe(1);
    const sent = queued(room).map((r) => r.message);
    expect(sent).toHaveLength(2);
    expect(sent[0]!.text).toBe('Last error: 421 relay busy');
  });
});

describe('teamMessageFromPayload', () => {
  it('makes the stored path absolute against the public base URL and never carries a manage link', () => {
    channel(['update_published']);
    openIncident(T0);
    const row = t.db.select({ payload: deliveries.payload }).from(deliveries).where(sql`${deliveries.teamChannelId} is not null`).get()!;
    const message = teamMessageFromPayload(row.payload!, 'https://status.example.com/');
    expect(message.url).toMatch(/^https:\/\/status\.example\.com\/admin\/incidents\/\w+$/);
    expect(message.manageUrl).toBeNull();
  });
});
