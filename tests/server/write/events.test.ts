import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ComponentStatus } from '../../../src/core/component-status.js';
import type { EventStatus } from '../../../src/core/incident-status.js';
import { findEvent, listOpenEvents } from '../../../src/server/read/events.js';
import { incidentPageView } from '../../../src/server/views/incident-page.js';
import { appendUpdate, insertEvent, RejectedError, type NewEvent, type NewUpdate } from '../../../src/server/write/events.js';
import { publishPostmortem } from '../../../src/server/write/postmortem.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, group, HOUR, incident, maintenance, MINUTE } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);
const T0 = NOW - 30 * DAY;

let t: TempDatabase;
beforeEach(() => {
  t = tempDatabase();
});
afterEach(() => t.dispose());

const TABLES = ['events', 'event_updates', 'update_component_changes', 'component_status_changes', 'event_components', 'components'];
const count = (table: string): number => (t.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
const counts = (): Record<string, number> => Object.fromEntries(TABLES.map((x) => [x, count(x)]));

function newIncident(startedAt: number, componentIds: string[] = []): NewEvent {
  return { kind: 'incident', title: 'Something broke', severity: 'SEV2', impactOverride: null, startedAt, scheduledFor: null, scheduledUntil: null, componentIds };
}

function newMaintenance(scheduledFor: number, componentIds: string[] = []): NewEvent {
  return {
    kind: 'maintenance',
    title: 'Upgrade',
    severity: null,
    impactOverride: null,
    startedAt: null,
    scheduledFor,
    scheduledUntil: scheduledFor + 2 * HOUR,
    componentIds,
  };
}

function update(eventId: string, status: EventStatus, displayAt: number, set: Record<string, ComponentStatus> = {}): NewUpdate {
  return {
    eventId,
    status,
    body: `${status} at ${displayAt}`,
    displayAt,
    notify: true,
    authorId: null,
    changes: Object.entries(set).map(([componentId, s]) => ({ componentId, status: s })),
  };
}

/** Runs `fn` expecting a RejectedError; returns it. */
function rejection(fn: () => unknown): RejectedError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(RejectedError);
  expect((caught as Error).name).toBe('RejectedError');
  return caught as RejectedError;
}

/** An incident with one update per status, in order, an hour apart from `start`. */
function incidentThrough(statuses: EventStatus[], start = T0): string {
  const { id } = insertEvent(t.db, newIncident(start), 'UTC', start);
  statuses.forEach((s, i) => appendUpdate(t.db, update(id, s, start + i * HOUR), start + i * HOUR));
  return id;
}

function maintenanceThrough(statuses: EventStatus[], start = T0): string {
  const { id } = insertEvent(t.db, newMaintenance(start), 'UTC', start);
  statuses.forEach((s, i) => appendUpdate(t.db, update(id, s, start + i * HOUR), start + i * HOUR));
  return id;
}

describe('insertEvent: references', () => {
  it('numbers incidents per day from 001, and starts again the next day', () => {
    const day = Date.UTC(2026, 10, 22);
    expect(insertEvent(t.db, newIncident(day + 9 * HOUR), 'UTC', NOW).reference).toBe('INC-20261122-001');
    expect(insertEvent(t.db, newIncident(day + 23 * HOUR + 59 * MINUTE), 'UTC', NOW).reference).toBe('INC-20261122-002');
    expect(insertEvent(t.db, newIncident(day), 'UTC', NOW).reference).toBe('INC-20261122-003');
    expect(insertEvent(t.db, newIncident(day + DAY), 'UTC', NOW).reference).toBe('INC-20261123-001');
    expect(insertEvent(t.db, newIncident(day - 1), 'UTC', NOW).reference).toBe('INC-20261121-001');
  });

  it('cuts the day in the page zone: 2026-03-08T04:30Z is March 7 in New York', () => {
    const at = Date.UTC(2026, 2, 8, 4, 30);
    expect(insertEvent(t.db, newIncident(at), 'America/New_York', NOW).reference).toBe('INC-20260307-001');
  });

  it('cuts the day in the page zone: 2026-03-08T04:30Z is March 8 in UTC', () => {
    const at = Date.UTC(2026, 2, 8, 4, 30);
    expect(insertEvent(t.db, newIncident(at), 'UTC', NOW).reference).toBe('INC-20260308-001');
  });

  it('cuts the day in the page zone east of UTC: 2026-03-07T23:30Z is March 8 in Berlin', () => {
    expect(insertEvent(t.db, newIncident(Date.UTC(2026, 2, 7, 23, 30)), 'Europe/Berlin', NOW).reference).toBe('INC-20260308-001');
  });

  it('numbers maintenance as MNT-, independently of incidents the same day', () => {
    const at = Date.UTC(2026, 10, 25, 2);
    expect(insertEvent(t.db, newIncident(at), 'UTC', NOW).reference).toBe('INC-20261125-001');
    expect(insertEvent(t.db, newMaintenance(at), 'UTC', NOW).reference).toBe('MNT-20261125-001');
    expect(insertEvent(t.db, newMaintenance(at + HOUR), 'UTC', NOW).reference).toBe('MNT-20261125-002');
    expect(insertEvent(t.db, newIncident(at + HOUR), 'UTC', NOW).reference).toBe('INC-20261125-002');
  });

  it('dates maintenance by its window start, not by when it was announced', () => {
    const announced = Date.UTC(2026, 10, 20, 12);
    const window = Date.UTC(2026, 10, 25, 2);
    const { id, reference } = insertEvent(t.db, newMaintenance(window), 'UTC', announced);
    expect(reference).toBe('MNT-20261125-001');
    expect(t.sqlite.prepare('select created_at, updated_at, sort_at from events where id = ?').get(id)).toEqual({
      created_at: announced,
      updated_at: announced,
      sort_at: window,
    });
  });

  it('lets the scheduler start and complete maintenance unless told otherwise', () => {
    const on = insertEvent(t.db, newMaintenance(T0), 'UTC', NOW).id;
    const off = insertEvent(t.db, { ...newMaintenance(T0), autoStart: false, autoComplete: false }, 'UTC', NOW).id;
    const flags = (id: string): unknown => t.sqlite.prepare('select auto_start, auto_complete from events where id = ?').get(id);
    expect(flags(on)).toEqual({ auto_start: 1, auto_complete: 1 });
    expect(flags(off)).toEqual({ auto_start: 0, auto_complete: 0 });
  });

  it('stores the event and returns its id', () => {
    const { id } = insertEvent(t.db, { ...newIncident(T0), severity: 'SEV1', impactOverride: 'major', title: 'API down' }, 'UTC', NOW);
    expect(t.sqlite.prepare('select * from events where id = ?').get(id)).toMatchObject({
      kind: 'incident',
      title: 'API down',
      severity: 'SEV1',
      impact_override: 'major',
      started_at: T0,
      scheduled_for: null,
      postmortem_body: null,
      postmortem_published_at: null,
      created_at: NOW,
    });
  });

  it('never stores a severity on maintenance', () => {
    const { id } = insertEvent(t.db, { ...newMaintenance(T0), severity: 'SEV1' }, 'UTC', NOW);
    expect(t.sqlite.prepare('select severity from events where id = ?').get(id)).toEqual({ severity: null });
  });

  it('rejects an incident without a start time and maintenance without a window', () => {
    expect(rejection(() => insertEvent(t.db, newIncident(null as unknown as number), 'UTC', NOW)).message).toMatch(/start time/);
    expect(
      rejection(() => insertEvent(t.db, { ...newMaintenance(T0), scheduledFor: null }, 'UTC', NOW)).message,
    ).toMatch(/window/);
    expect(count('events')).toBe(0);
  });

  it.each([
    ['ends at its start', 0],
    ['ends before its start', -HOUR],
    ['has no end', null],
  ])('refuses maintenance whose window %s, writing nothing', (_label, length) => {
    const scheduledUntil = length === null ? null : T0 + length;
    expect(() => insertEvent(t.db, { ...newMaintenance(T0), scheduledUntil }, 'UTC', NOW)).toThrow();
    expect(count('events')).toBe(0);
  });

  it('links the components it names', () => {
    const a = component(t.db, 'a', 'A', T0);
    const b = component(t.db, 'b', 'B', T0);
    const { id } = insertEvent(t.db, newMaintenance(NOW, [a, b, a]), 'UTC', NOW);
    const linked = t.sqlite.prepare('select component_id from event_components where event_id = ? order by component_id').all(id);
    expect(linked).toEqual([a, b].sort().map((c) => ({ component_id: c })));
  });

  it.each([
    ['a group', 'group'],
    ['an unknown component', 'unknown'],
  ])('rejects %s among its components; in a transaction nothing is written', (_label, which) => {
    const g = group(t.db, 'core', 'Core', T0);
    const a = component(t.db, 'a', 'A', T0, { groupId: g });
    const bad = which === 'group' ? g : 'no-such-component';
    const before = counts();
    const error = rejection(() => t.db.transaction((tx) => insertEvent(tx, newIncident(T0, [a, bad]), 'UTC', NOW)));
    expect(error.message).toMatch(which === 'group' ? /“Core” is a group/ : /does not exist/);
    expect(counts()).toEqual(before);
  });
});

describe('appendUpdate: component changes', () => {
  let api: string;
  let web: string;
  beforeEach(() => {
    api = component(t.db, 'api', 'API', T0);
    web = component(t.db, 'web', 'Web', T0);
  });

  const changesOf = (updateId: string): unknown[] =>
    t.sqlite.prepare('select component_id, old_status, new_status from update_component_changes where update_id = ? order by component_id').all(updateId);
  const historyOf = (componentId: string): unknown[] =>
    t.sqlite.prepare('select status, at, cause, event_id, update_id from component_status_changes where component_id = ? order by at, id').all(componentId);

  it('records old → new on the update and appends to the status history', () => {
    const { id } = insertEvent(t.db, newIncident(T0 + HOUR), 'UTC', T0 + HOUR);
    const u = appendUpdate(t.db, update(id, 'investigating', T0 + HOUR, { [api]: 'partial_outage' }), T0 + HOUR + MINUTE);
    expect(changesOf(u.id)).toEqual([{ component_id: api, old_status: 'operational', new_status: 'partial_outage' }]);
    expect(historyOf(api)).toEqual([
      { status: 'operational', at: T0, cause: 'manual', event_id: null, update_id: null },
      { status: 'partial_outage', at: T0 + HOUR, cause: 'incident', event_id: id, update_id: u.id },
    ]);
    // The other component is untouched.
    expect(historyOf(web)).toHaveLength(1);
  });

  it('stores the update itself with its display and creation times', () => {
    const { id } = insertEvent(t.db, newIncident(T0), 'UTC', T0);
    const u = appendUpdate(t.db, { ...update(id, 'investigating', T0 - HOUR), body: '**hello**', notify: false, authorId: 'user-1' }, T0 + 5 * MINUTE);
    expect(t.sqlite.prepare('select * from event_updates where id = ?').get(u.id)).toMatchObject({
      event_id: id,
      status: 'investigating',
      body: '**hello**',
      display_at: T0 - HOUR,
      notify: 0,
      author_id: 'user-1',
      created_at: T0 + 5 * MINUTE,
    });
    expect(t.sqlite.prepare('select updated_at from events where id = ?').get(id)).toEqual({ updated_at: T0 + 5 * MINUTE });
  });

  it('appends to the history only when the status actually changes', () => {
    const { id } = insertEvent(t.db, newIncident(T0 + HOUR), 'UTC', T0 + HOUR);
    appendUpdate(t.db, update(id, 'investigating', T0 + HOUR, { [api]: 'major_outage' }), T0 + HOUR);
    const same = appendUpdate(t.db, update(id, 'identified', T0 + 2 * HOUR, { [api]: 'major_outage', [web]: 'operational' }), T0 + 2 * HOUR);
    // The update still announces both (unchanged) statuses...
    expect(changesOf(same.id)).toEqual(
      [
        { component_id: api, old_status: 'major_outage', new_status: 'major_outage' },
        { component_id: web, old_status: 'operational', new_status: 'operational' },
      ].sort((x, y) => x.component_id.localeCompare(y.component_id)),
    );
    // ...but neither history grows.
    expect(historyOf(api)).toHaveLength(2);
    expect(historyOf(web)).toHaveLength(1);
    const resolved = appendUpdate(t.db, update(id, 'resolved', T0 + 3 * HOUR, { [api]: 'operational' }), T0 + 3 * HOUR);
    expect(historyOf(api)).toHaveLength(3);
    expect(changesOf(resolved.id)).toEqual([{ component_id: api, old_status: 'major_outage', new_status: 'operational' }]);
  });

  it('takes old as the status in force at the display time, not the current one', () => {
    // api: operational from T0, major outage from T0+2h (incident A).
    const a = insertEvent(t.db, newIncident(T0 + 2 * HOUR), 'UTC', T0 + 2 * HOUR);
    appendUpdate(t.db, update(a.id, 'investigating', T0 + 2 * HOUR, { [api]: 'major_outage' }), T0 + 2 * HOUR);
    // Incident B, backfilled to T0+1h, when api was still operational.
    const b = insertEvent(t.db, newIncident(T0 + HOUR), 'UTC', T0 + 3 * HOUR);
    const ub = appendUpdate(t.db, update(b.id, 'investigating', T0 + HOUR, { [api]: 'degraded_performance' }), T0 + 3 * HOUR);
    expect(changesOf(ub.id)).toEqual([{ component_id: api, old_status: 'operational', new_status: 'degraded_performance' }]);
    // Incident C at T0+4h sees the major outage as old.
    const c = insertEvent(t.db, newIncident(T0 + 4 * HOUR), 'UTC', T0 + 4 * HOUR);
    const uc = appendUpdate(t.db, update(c.id, 'investigating', T0 + 4 * HOUR, { [api]: 'degraded_performance' }), T0 + 4 * HOUR);
    expect(changesOf(uc.id)).toEqual([{ component_id: api, old_status: 'major_outage', new_status: 'degraded_performance' }]);
    expect(historyOf(api).map((r) => (r as { status: string; at: number }).status)).toEqual([
      'operational',
      'degraded_performance',
      'major_outage',
      'degraded_performance',
    ]);
  });

  it('a change at exactly the display time counts as in force', () => {
    const a = insertEvent(t.db, newIncident(T0 + HOUR), 'UTC', T0 + HOUR);
    appendUpdate(t.db, update(a.id, 'investigating', T0 + HOUR, { [api]: 'partial_outage' }), T0 + HOUR);
    const b = insertEvent(t.db, newIncident(T0 + HOUR), 'UTC', T0 + HOUR);
    const ub = appendUpdate(t.db, update(b.id, 'investigating', T0 + HOUR, { [api]: 'partial_outage' }), T0 + HOUR);
    expect(changesOf(ub.id)).toEqual([{ component_id: api, old_status: 'partial_outage', new_status: 'partial_outage' }]);
    expect(historyOf(api)).toHaveLength(2);
  });

  it('links a changed component to the event once, even if not named at creation', () => {
    const { id } = insertEvent(t.db, newIncident(T0 + HOUR, [web]), 'UTC', T0 + HOUR);
    appendUpdate(t.db, update(id, 'investigating', T0 + HOUR, { [api]: 'partial_outage' }), T0 + HOUR);
    appendUpdate(t.db, update(id, 'resolved', T0 + 2 * HOUR, { [api]: 'operational' }), T0 + 2 * HOUR);
    const linked = t.sqlite.prepare('select component_id from event_components where event_id = ? order by component_id').all(id);
    expect(linked).toEqual([api, web].sort().map((c) => ({ component_id: c })));
  });

  it('records maintenance changes with cause maintenance', () => {
    const { id } = insertEvent(t.db, newMaintenance(T0 + HOUR, [api]), 'UTC', T0);
    appendUpdate(t.db, update(id, 'in_progress', T0 + HOUR, { [api]: 'under_maintenance' }), T0 + HOUR);
    expect(historyOf(api)[1]).toMatchObject({ status: 'under_maintenance', cause: 'maintenance', event_id: id });
  });

  it('rejects a group as a component to change, writing nothing', () => {
    const g = group(t.db, 'core', 'Core platform', T0);
    const { id } = insertEvent(t.db, newIncident(T0), 'UTC', T0);
    const before = counts();
    const error = rejection(() => appendUpdate(t.db, update(id, 'investigating', T0, { [api]: 'major_outage', [g]: 'major_outage' }), T0));
    expect(error.message).toContain('“Core platform” is a group');
    expect(counts()).toEqual(before);
  });

  it('rejects an unknown component id, writing nothing', () => {
    const { id } = insertEvent(t.db, newIncident(T0), 'UTC', T0);
    const before = counts();
    const error = rejection(() => appendUpdate(t.db, update(id, 'investigating', T0, { ghost123: 'major_outage' }), T0));
    expect(error.message).toMatch(/ghost123 does not exist/);
    expect(counts()).toEqual(before);
  });

  it('rejects an update for an unknown event', () => {
    const before = counts();
    expect(rejection(() => appendUpdate(t.db, update('nope', 'investigating', T0), T0)).message).toMatch(/does not exist/);
    expect(counts()).toEqual(before);
  });
});

describe('appendUpdate: lifecycle', () => {
  it.each<[string, EventStatus[], EventStatus, RegExp]>([
    ['resolved → investigating', ['investigating', 'resolved'], 'investigating', /resolved; it cannot go back to Investigating/],
    ['resolved → monitoring', ['investigating', 'resolved'], 'monitoring', /resolved; it cannot go back to Monitoring/],
    ['identified → investigating', ['investigating', 'identified'], 'investigating', /cannot go back from Identified to Investigating; only Monitoring may step back/],
    ['an incident update with a maintenance status', ['investigating'], 'scheduled', /“scheduled” is not an incident status/],
    ['an incident update with status completed', ['investigating'], 'completed', /not an incident status/],
  ])('incident: rejects %s with a reason', (_label, path, next, reason) => {
    const id = incidentThrough(path);
    const before = counts();
    const error = rejection(() => appendUpdate(t.db, update(id, next, NOW), NOW));
    expect(error.message).toMatch(reason);
    expect(counts()).toEqual(before);
  });

  it('incident: a first update cannot be a postmortem', () => {
    const { id } = insertEvent(t.db, newIncident(T0), 'UTC', T0);
    expect(rejection(() => appendUpdate(t.db, update(id, 'postmortem', T0), T0)).message).toMatch(/Publish a postmortem/);
    expect(count('event_updates')).toBe(0);
  });

  it.each<[string, EventStatus[], EventStatus, RegExp]>([
    ['completed → in_progress', ['scheduled', 'in_progress', 'completed'], 'in_progress', /completed; schedule a new one/],
    ['completed → scheduled', ['scheduled', 'completed'], 'scheduled', /completed/],
    ['verifying → in_progress', ['in_progress', 'verifying'], 'in_progress', /cannot go back from Verifying to In progress/],
    ['a maintenance update with an incident status', ['scheduled'], 'investigating', /“investigating” is not a maintenance status/],
  ])('maintenance: rejects %s with a reason', (_label, path, next, reason) => {
    const id = maintenanceThrough(path);
    const before = counts();
    expect(rejection(() => appendUpdate(t.db, update(id, next, NOW), NOW)).message).toMatch(reason);
    expect(counts()).toEqual(before);
  });

  it.each<[string, EventStatus[]]>([
    ['forward skips', ['investigating', 'resolved']],
    ['a repeated stage', ['investigating', 'investigating', 'identified', 'identified']],
    ['regression from monitoring', ['investigating', 'monitoring', 'investigating', 'monitoring', 'identified', 'resolved']],
    ['an incident starting at any open stage', ['monitoring', 'resolved']],
    ['a further resolved update', ['identified', 'resolved', 'resolved']],
  ])('incident: accepts %s', (_label, path) => {
    const id = incidentThrough(path);
    expect(count('event_updates')).toBe(path.length);
    expect(findEvent(t.db, id)?.latestUpdateStatus).toBe(path[path.length - 1]);
  });

  it.each<[string, EventStatus[]]>([
    ['the full lifecycle', ['scheduled', 'in_progress', 'verifying', 'completed']],
    ['skipping stages', ['scheduled', 'completed']],
    ['starting in progress', ['in_progress', 'completed']],
  ])('maintenance: accepts %s', (_label, path) => {
    const id = maintenanceThrough(path);
    expect(findEvent(t.db, id)?.latestUpdateStatus).toBe(path[path.length - 1]);
  });

  it('checks the transition against the newest update by display time, not the last one posted', () => {
    const { id } = insertEvent(t.db, newIncident(T0), 'UTC', T0);
    appendUpdate(t.db, update(id, 'identified', T0 + 2 * HOUR), T0 + 2 * HOUR);
    // Posted later but shown earlier: identified → monitoring is a forward step.
    appendUpdate(t.db, update(id, 'monitoring', T0 + HOUR), T0 + 3 * HOUR);
    // The event is still "identified" (newest by display time), so stepping back to
    // investigating is refused; from "monitoring" it would have been a regression.
    expect(rejection(() => appendUpdate(t.db, update(id, 'investigating', T0 + 4 * HOUR), T0 + 4 * HOUR)).message).toMatch(
      /from Identified to Investigating/,
    );
  });

  it('a published postmortem closes the timeline to further updates', () => {
    const id = incidentThrough(['investigating', 'resolved']);
    publishPostmortem(t.db, id, 'What happened', NOW);
    expect(rejection(() => appendUpdate(t.db, update(id, 'resolved', NOW + HOUR), NOW + HOUR)).message).toMatch(/published postmortem/);
  });

  // lifecycle.ts: "`postmortem` is reached only by publishing one, never by a plain update."
  it('a plain update cannot carry the postmortem status, even on a resolved incident', () => {
    const id = incidentThrough(['investigating', 'resolved']);
    const before = counts();
    expect(() => appendUpdate(t.db, update(id, 'postmortem', NOW), NOW)).toThrow(RejectedError);
    expect(counts()).toEqual(before);
  });
});

describe('appendUpdate inside a transaction', () => {
  it('a rejection rolls back the event and every earlier write', () => {
    const api = component(t.db, 'api', 'API', T0);
    const before = counts();
    expect(() =>
      t.db.transaction((tx) => {
        const { id } = insertEvent(tx, newIncident(T0 + HOUR, [api]), 'UTC', T0 + HOUR);
        appendUpdate(tx, update(id, 'investigating', T0 + HOUR, { [api]: 'major_outage' }), T0 + HOUR);
        appendUpdate(tx, update(id, 'identified', T0 + 2 * HOUR, { [api]: 'partial_outage' }), T0 + 2 * HOUR);
        appendUpdate(tx, update(id, 'investigating', T0 + 3 * HOUR), T0 + 3 * HOUR); // identified → investigating
      }),
    ).toThrow(RejectedError);
    expect(counts()).toEqual(before);
    expect(t.sqlite.prepare('select status from component_status_changes where component_id = ?').all(api)).toEqual([{ status: 'operational' }]);
  });

  it('the fixtures write a whole timeline in one transaction', () => {
    const api = component(t.db, 'api', 'API', T0);
    const before = counts();
    expect(() =>
      incident(t.db, {
        title: 'x',
        startedAt: T0,
        steps: [
          { at: T0, status: 'investigating', body: 'a', set: { [api]: 'major_outage' } },
          { at: T0 + HOUR, status: 'resolved', body: 'b', set: { [api]: 'operational' } },
          { at: T0 + 2 * HOUR, status: 'monitoring', body: 'c' },
        ],
      }),
    ).toThrow(RejectedError);
    expect(counts()).toEqual(before);
  });
});

describe('publishPostmortem', () => {
  it.each<[EventStatus[]]>([[['investigating']], [['investigating', 'identified']], [['investigating', 'monitoring']]])(
    'is refused before the incident is resolved (%j)',
    (path) => {
      const id = incidentThrough(path);
      expect(rejection(() => publishPostmortem(t.db, id, 'Root cause', NOW)).message).toMatch(/once the incident is resolved/);
      expect(t.sqlite.prepare('select postmortem_body, postmortem_published_at from events where id = ?').get(id)).toEqual({
        postmortem_body: null,
        postmortem_published_at: null,
      });
    },
  );

  it('is refused for an incident with no update yet', () => {
    const { id } = insertEvent(t.db, newIncident(T0), 'UTC', T0);
    expect(() => publishPostmortem(t.db, id, 'x', NOW)).toThrow(RejectedError);
  });

  it('publishes once resolved; reads then derive the status postmortem', () => {
    const id = incidentThrough(['investigating', 'resolved']);
    expect(incidentPageView(t.db, id, NOW).kind).toBe('ok');
    const beforeView = incidentPageView(t.db, id, NOW);
    if (beforeView.kind !== 'ok') throw new Error('expected ok');
    expect(beforeView.view.event.status).toBe('resolved');

    publishPostmortem(t.db, id, '## Root cause\nA bad deploy.', NOW);
    expect(t.sqlite.prepare('select postmortem_body, postmortem_published_at, updated_at from events where id = ?').get(id)).toEqual({
      postmortem_body: '## Root cause\nA bad deploy.',
      postmortem_published_at: NOW,
      updated_at: NOW,
    });
    const record = findEvent(t.db, id)!;
    expect(record.postmortemPublishedAt).toBe(NOW);
    // The stored timeline is unchanged: no update is written for the postmortem.
    expect(record.latestUpdateStatus).toBe('resolved');
    expect(count('event_updates')).toBe(2);
    const after = incidentPageView(t.db, id, NOW);
    if (after.kind !== 'ok') throw new Error('expected ok');
    expect(after.view.event.status).toBe('postmortem');
    expect(after.view.event.statusLabel).toBe('Postmortem');
    expect(listOpenEvents(t.db).map((e) => e.id)).not.toContain(id);
  });

  it('may be republished with a new body', () => {
    const id = incidentThrough(['resolved']);
    publishPostmortem(t.db, id, 'first', NOW);
    publishPostmortem(t.db, id, 'second', NOW + HOUR);
    expect(t.sqlite.prepare('select postmortem_body, postmortem_published_at from events where id = ?').get(id)).toEqual({
      postmortem_body: 'second',
      postmortem_published_at: NOW + HOUR,
    });
  });

  it.each(['', '   ', '\n\t '])('refuses an empty body %j', (body) => {
    const id = incidentThrough(['investigating', 'resolved']);
    expect(rejection(() => publishPostmortem(t.db, id, body, NOW)).message).toMatch(/empty/);
    expect(t.sqlite.prepare('select postmortem_published_at from events where id = ?').get(id)).toEqual({ postmortem_published_at: null });
  });

  it('refuses maintenance', () => {
    const id = maintenanceThrough(['scheduled', 'completed']);
    expect(rejection(() => publishPostmortem(t.db, id, 'Notes', NOW)).message).toMatch(/incidents, not maintenance/);
    expect(t.sqlite.prepare('select postmortem_body from events where id = ?').get(id)).toEqual({ postmortem_body: null });
  });

  it('refuses an unknown event', () => {
    expect(() => publishPostmortem(t.db, 'nope', 'x', NOW)).toThrow(RejectedError);
  });

  it('works on a fixture-built incident', () => {
    const api = component(t.db, 'api', 'API', T0);
    const { id } = incident(t.db, {
      title: 'x',
      startedAt: T0,
      steps: [
        { at: T0, status: 'investigating', body: 'a', set: { [api]: 'major_outage' } },
        { at: T0 + HOUR, status: 'resolved', body: 'b', set: { [api]: 'operational' } },
      ],
    });
    publishPostmortem(t.db, id, 'Because.', NOW);
    expect(findEvent(t.db, id)?.postmortemBody).toBe('Because.');
  });
});

describe('fixtures', () => {
  it('maintenance() names its components up front', () => {
    const db1 = component(t.db, 'db', 'DB', T0);
    const { id, reference } = maintenance(t.db, {
      title: 'm',
      scheduledFor: Date.UTC(2026, 10, 25, 2),
      scheduledUntil: Date.UTC(2026, 10, 25, 4),
      componentIds: [db1],
      steps: [{ at: NOW, status: 'scheduled', body: 'soon' }],
    });
    expect(reference).toBe('MNT-20261125-001');
    expect(t.sqlite.prepare('select component_id from event_components where event_id = ?').all(id)).toEqual([{ component_id: db1 }]);
  });
});
