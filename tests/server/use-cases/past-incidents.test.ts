import { asc, count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.js';
import { auditLog, componentStatusChanges, deliveries, eventComponents, events, eventUpdates, subscribers, updateComponentChanges } from '../../../db/schema.js';
import { dayKeyOf } from '../../../src/core/time.js';
import { SYSTEM, type Actor } from '../../../src/server/audit.js';
import { insertUser } from '../../../src/server/auth/users.js';
import type { BackfillFields } from '../../../src/server/forms/backfill-form.js';
import { backfillIncident } from '../../../src/server/use-cases/past-incidents.js';
import { RejectedError } from '../../../src/server/write/events.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, group, HOUR, MINUTE, page } from '../../helpers/fixtures.js';
import { barLevel, pageComponent } from '../../helpers/page-components.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);
const T0 = NOW - 60 * DAY;
const START = NOW - 3 * DAY;

let t: TempDatabase;
let actor: Actor;
let backend: string;
let api: string;
let web: string;

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'UTC', T0);
  backend = group(t.db, 'backend', 'Backend', T0);
  api = component(t.db, 'api', 'API', T0, { groupId: backend, position: 1 });
  web = component(t.db, 'web', 'Website', T0, { position: 2 });
  const { id } = insertUser(t.db, { email: 'eddie@example.com', name: 'Eddie', role: 'editor', password: 'unused' }, 'not-a-real-hash', SYSTEM, T0);
  actor = { id, label: 'eddie@example.com' };
  t.db.insert(subscribers).values({ id: 'sub000000001', email: 'reader@example.com', state: 'active', allComponents: true, createdAt: T0, updatedAt: T0 }).run();
});
afterEach(() => t.dispose());

const fields = (over: Partial<BackfillFields> = {}): BackfillFields => ({
  title: 'Search outage',
  severity: 'SEV2',
  startedAt: START,
  changes: [{ componentId: api, status: 'major_outage' }],
  updates: [
    { row: 1, status: 'investigating', at: START + 5 * MINUTE, message: 'Searches fail.' },
    { row: 2, status: 'identified', at: START + 30 * MINUTE, message: 'A bad index.' },
    { row: 4, status: 'resolved', at: START + 2 * HOUR, message: 'Fixed.' },
  ],
  ...over,
});

function snapshot(db: Db) {
  return {
    events: db.select().from(events).all(),
    updates: db.select().from(eventUpdates).all(),
    history: db.select().from(componentStatusChanges).all(),
    changes: db.select().from(updateComponentChanges).all(),
    links: db.select().from(eventComponents).all(),
    audit: db.select().from(auditLog).all(),
    deliveries: db.select().from(deliveries).all(),
  };
}

const historyOf = (componentId: string): { status: string; at: number; eventId: string | null }[] =>
  t.db
    .select({ status: componentStatusChanges.status, at: componentStatusChanges.at, eventId: componentStatusChanges.eventId })
    .from(componentStatusChanges)
    .where(eq(componentStatusChanges.componentId, componentId))
    .orderBy(asc(componentStatusChanges.at), asc(componentStatusChanges.id))
    .all();

const setByHand = (componentId: string, status: 'degraded_performance' | 'partial_outage' | 'operational', at: number): void => {
  t.db.insert(componentStatusChanges).values({ componentId, status, at, cause: 'manual' }).run();
};

describe('backfillIncident', () => {
  it('records the incident at the given times, with its reference dated by its start, and nobody notified', () => {
    const { id, reference } = backfillIncident(t.db, fields(), actor, 'UTC', NOW);
    expect(reference).toBe(`INC-${dayKeyOf(START, 'UTC').replaceAll('-', '')}-001`);
    expect(t.db.select().from(events).where(eq(events.id, id)).get()).toMatchObject({ kind: 'incident', title: 'Search outage', severity: 'SEV2', startedAt: START, createdAt: NOW });
    const updates = t.db.select().from(eventUpdates).where(eq(eventUpdates.eventId, id)).orderBy(asc(eventUpdates.displayAt)).all();
    expect(updates.map((u) => [u.status, u.displayAt, u.body, u.notify, u.authorId])).toEqual([
      ['investigating', START + 5 * MINUTE, 'Searches fail.', false, actor.id],
      ['identified', START + 30 * MINUTE, 'A bad index.', false, actor.id],
      ['resolved', START + 2 * HOUR, 'Fixed.', false, actor.id],
    ]);
    expect(t.db.select({ n: count() }).from(deliveries).get()!.n).toBe(0);
  });

  it('writes the component outage into history at the first update and undoes it at the resolution', () => {
    const { id } = backfillIncident(t.db, fields(), actor, 'UTC', NOW);
    expect(historyOf(api)).toEqual([
      { status: 'operational', at: T0, eventId: null },
      { status: 'major_outage', at: START + 5 * MINUTE, eventId: id },
      { status: 'operational', at: START + 2 * HOUR, eventId: id },
    ]);
    expect(historyOf(web)).toEqual([{ status: 'operational', at: T0, eventId: null }]);
  });

  it('shows in the uptime bars and figures, and leaves the current status alone', () => {
    backfillIncident(t.db, fields(), actor, 'UTC', NOW);
    const view = pageComponent(t.db, 'api', NOW);
    expect(view.status).toBe('operational');
    expect(barLevel(view, dayKeyOf(START, 'UTC'))).toBe('major_outage');
    expect(barLevel(view, dayKeyOf(START + DAY, 'UTC'))).toBe('operational');
    expect(view.uptime90).not.toBe('100.00%');
  });

  it('keeps a later status set by hand: the component still shows it, and the resolution returns to what it had then', () => {
    setByHand(api, 'degraded_performance', NOW - DAY);
    backfillIncident(t.db, fields(), actor, 'UTC', NOW);
    expect(pageComponent(t.db, 'api', NOW).status).toBe('degraded_performance');
    expect(historyOf(api).map((r) => [r.status, r.at])).toEqual([
      ['operational', T0],
      ['major_outage', START + 5 * MINUTE],
      ['operational', START + 2 * HOUR],
      ['degraded_performance', NOW - DAY],
    ]);
  });

  it('returns a component to the status it had before, not to operational, when that status is still current', () => {
    setByHand(api, 'partial_outage', NOW - 10 * DAY);
    backfillIncident(t.db, fields(), actor, 'UTC', NOW);
    expect(pageComponent(t.db, 'api', NOW).status).toBe('partial_outage');
    expect(historyOf(api).at(-1)).toMatchObject({ status: 'partial_outage', at: START + 2 * HOUR });
  });

  it('keeps a change made by hand during the incident in force after it', () => {
    setByHand(api, 'degraded_performance', START + HOUR);
    backfillIncident(t.db, fields(), actor, 'UTC', NOW);
    expect(pageComponent(t.db, 'api', NOW).status).toBe('degraded_performance');
    expect(historyOf(api).map((r) => r.status)).toEqual(['operational', 'major_outage', 'degraded_performance']);
  });

  it('audits who recorded what, with the times', () => {
    const { id } = backfillIncident(t.db, fields(), actor, 'UTC', NOW);
    const audit = t.db.select().from(auditLog).where(eq(auditLog.action, 'incident.backfilled')).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ at: NOW, actorId: actor.id, objectType: 'incident', objectId: id });
    expect(JSON.parse(audit[0]!.diff!)).toEqual({
      title: 'Search outage',
      severity: 'SEV2',
      startedAt: new Date(START).toISOString(),
      resolvedAt: new Date(START + 2 * HOUR).toISOString(),
      updates: 3,
      changes: [{ componentId: api, status: 'major_outage' }],
    });
  });

  it('records an incident with a single resolved update when it names no component', () => {
    const { id } = backfillIncident(t.db, fields({ changes: [], updates: [{ row: 1, status: 'resolved', at: START + HOUR, message: 'Done.' }] }), actor, 'UTC', NOW);
    expect(t.db.select({ n: count() }).from(eventUpdates).where(eq(eventUpdates.eventId, id)).get()!.n).toBe(1);
  });

  describe('refuses, writing nothing', () => {
    it.each<[string, () => Partial<BackfillFields>, string]>([
      ['a time in the future', () => ({ updates: [{ row: 1, status: 'investigating', at: START, message: 'x' }, { row: 2, status: 'resolved', at: NOW + MINUTE, message: 'y' }] }), 'This time is in the future; every update of a past incident must already have happened.'],
      ['an incident that does not end resolved', () => ({ updates: [{ row: 1, status: 'investigating', at: START, message: 'x' }] }), 'A past incident must end with a Resolved update.'],
      ['a step back the lifecycle forbids', () => ({ updates: [{ row: 1, status: 'identified', at: START, message: 'x' }, { row: 2, status: 'investigating', at: START + 1, message: 'y' }, { row: 3, status: 'resolved', at: START + 2, message: 'z' }] }), 'An incident cannot go back from Identified to Investigating; only Monitoring may step back.'],
      ['components with only the resolution', () => ({ updates: [{ row: 1, status: 'resolved', at: START + HOUR, message: 'x' }] }), 'To record how components were affected, add the first update customers saw as well as the one that resolved it.'],
      ['a group as a component', () => ({ changes: [{ componentId: backend, status: 'major_outage' }] }), '“Backend” is a group; set the status of the components inside it instead.'],
      ['an unknown component', () => ({ changes: [{ componentId: 'nosuchcompo0', status: 'major_outage' }] }), 'Component nosuchcompo0 does not exist (it may have been removed).'],
    ])('%s', (_name, over, message) => {
      const before = snapshot(t.db);
      const record = (): unknown => backfillIncident(t.db, fields(over()), actor, 'UTC', NOW);
      expect(record).toThrow(RejectedError);
      expect(record).toThrow(message);
      expect(snapshot(t.db)).toEqual(before);
    });
  });
});
