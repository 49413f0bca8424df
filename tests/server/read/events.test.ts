import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventStatus } from '../../../src/core/incident-status.js';
import { countEventsBetween, countEventsForComponent, earliestEventAt, findEvent, listEventsBetween, listEventsForComponent, listOpenEvents, pageOfEventsBetween } from '../../../src/server/read/events.js';
import { affectedComponentsOf, announcedStatusesOf, latestUpdatesOf, updatesForEvents } from '../../../src/server/read/event-updates.js';
import { appendUpdate, insertEvent } from '../../../src/server/write/events.js';
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

/** An incident whose updates carry `statuses`, one an hour from `start`. */
function inc(start: number, statuses: EventStatus[], title = 'incident', componentIds: string[] = []): string {
  return incident(t.db, {
    title,
    startedAt: start,
    componentIds,
    steps: statuses.map((status, i) => ({ at: start + i * HOUR, status, body: `${title} ${status}` })),
  }).id;
}

function mnt(start: number, statuses: EventStatus[], title = 'maintenance', componentIds: string[] = []): string {
  return maintenance(t.db, {
    title,
    scheduledFor: start,
    scheduledUntil: start + 2 * HOUR,
    componentIds,
    steps: statuses.map((status, i) => ({ at: start - DAY + i * HOUR, status, body: `${title} ${status}` })),
  }).id;
}

/** An incident with no updates at all. */
function bareIncident(): string {
  return insertEvent(
    t.db,
    { kind: 'incident', title: 'bare', severity: null, impactOverride: null, startedAt: T0, scheduledFor: null, scheduledUntil: null, componentIds: [] },
    'UTC',
    T0,
  ).id;
}

function post(eventId: string, status: EventStatus, displayAt: number, createdAt: number): void {
  appendUpdate(t.db, { eventId, status, body: status, displayAt, notify: true, authorId: null, changes: [] }, createdAt);
}

describe('listOpenEvents', () => {
  it('includes open incidents and not-yet-completed maintenance, scheduled included', () => {
    const investigating = inc(T0, ['investigating'], 'investigating');
    const identified = inc(T0 + HOUR, ['investigating', 'identified'], 'identified');
    const monitoring = inc(T0 + 2 * HOUR, ['identified', 'monitoring'], 'monitoring');
    const scheduled = mnt(NOW + 3 * DAY, ['scheduled'], 'scheduled');
    const inProgress = mnt(T0 + 3 * HOUR, ['scheduled', 'in_progress'], 'in progress');
    const verifying = mnt(T0 + 4 * HOUR, ['in_progress', 'verifying'], 'verifying');
    const open = listOpenEvents(t.db).map((e) => e.id);
    expect(open.sort()).toEqual([investigating, identified, monitoring, scheduled, inProgress, verifying].sort());
  });

  it('excludes resolved incidents, those with a postmortem, and completed maintenance', () => {
    const open = inc(T0, ['investigating']);
    inc(T0 + HOUR, ['investigating', 'resolved']);
    const pm = inc(T0 + 2 * HOUR, ['identified', 'resolved']);
    publishPostmortem(t.db, pm, 'why', NOW);
    mnt(T0 + 3 * HOUR, ['scheduled', 'in_progress', 'completed']);
    expect(listOpenEvents(t.db).map((e) => e.id)).toEqual([open]);
  });

  it('lists soonest first (by start / window start)', () => {
    const c = inc(T0 + 2 * DAY, ['investigating']);
    const a = mnt(T0, ['in_progress']);
    const b = inc(T0 + DAY, ['investigating']);
    const d = mnt(NOW + DAY, ['scheduled']);
    expect(listOpenEvents(t.db).map((e) => e.id)).toEqual([a, b, c, d]);
  });

  it('derives status from the newest update by display time, not the last one posted', () => {
    const { id } = insertEvent(
      t.db,
      { kind: 'incident', title: 'x', severity: 'SEV3', impactOverride: null, startedAt: T0, scheduledFor: null, scheduledUntil: null, componentIds: [] },
      'UTC',
      T0,
    );
    post(id, 'identified', T0 + 2 * HOUR, T0 + 2 * HOUR);
    post(id, 'monitoring', T0 + HOUR, T0 + 3 * HOUR); // backdated: shown before "identified"
    const record = listOpenEvents(t.db).find((e) => e.id === id);
    expect(record?.latestUpdateStatus).toBe('identified');
    expect(record?.latestUpdateAt).toBe(T0 + 2 * HOUR);
  });

  it('a backdated resolution does not close an incident whose newest update is still open', () => {
    const { id } = insertEvent(
      t.db,
      { kind: 'incident', title: 'x', severity: 'SEV3', impactOverride: null, startedAt: T0, scheduledFor: null, scheduledUntil: null, componentIds: [] },
      'UTC',
      T0,
    );
    post(id, 'identified', T0 + 2 * HOUR, T0 + 2 * HOUR);
    post(id, 'resolved', T0 + HOUR, T0 + 3 * HOUR);
    expect(listOpenEvents(t.db).map((e) => e.id)).toEqual([id]);
    expect(findEvent(t.db, id)?.latestUpdateStatus).toBe('identified');
  });

  it('breaks a tie in display time by the later post', () => {
    const { id } = insertEvent(
      t.db,
      { kind: 'incident', title: 'x', severity: 'SEV3', impactOverride: null, startedAt: T0, scheduledFor: null, scheduledUntil: null, componentIds: [] },
      'UTC',
      T0,
    );
    post(id, 'investigating', T0 + HOUR, T0 + HOUR);
    post(id, 'resolved', T0 + HOUR, T0 + HOUR + MINUTE);
    expect(listOpenEvents(t.db)).toEqual([]);
    expect(findEvent(t.db, id)?.latestUpdateStatus).toBe('resolved');
  });

  it('is empty for an empty database', () => {
    expect(listOpenEvents(t.db)).toEqual([]);
  });
});

describe('EventRecord fields', () => {
  it('carries sortAt (start or window start), latest update and closedAt (first resolution)', () => {
    const i = inc(T0, ['investigating', 'resolved', 'resolved']);
    const m = mnt(NOW + DAY, ['scheduled']);
    const ri = findEvent(t.db, i)!;
    expect(ri).toMatchObject({
      kind: 'incident',
      title: 'incident',
      severity: 'SEV2',
      impactOverride: null,
      startedAt: T0,
      scheduledFor: null,
      sortAt: T0,
      latestUpdateStatus: 'resolved',
      latestUpdateAt: T0 + 2 * HOUR,
      closedAt: T0 + HOUR,
      postmortemBody: null,
      postmortemPublishedAt: null,
    });
    const rm = findEvent(t.db, m)!;
    expect(rm).toMatchObject({
      kind: 'maintenance',
      severity: null,
      startedAt: null,
      scheduledFor: NOW + DAY,
      scheduledUntil: NOW + DAY + 2 * HOUR,
      sortAt: NOW + DAY,
      latestUpdateStatus: 'scheduled',
      closedAt: null,
    });
  });

  it('closedAt of maintenance is its completion', () => {
    const m = mnt(T0, ['scheduled', 'in_progress', 'completed']);
    expect(findEvent(t.db, m)?.closedAt).toBe(T0 - DAY + 2 * HOUR);
  });
});

describe('listEventsBetween', () => {
  it('returns events whose start is in [from, to), newest first', () => {
    const before = inc(T0 - 1, ['resolved'], 'before');
    const atFrom = inc(T0, ['resolved'], 'at from');
    const inside = mnt(T0 + DAY, ['scheduled', 'completed'], 'inside');
    const lastIn = inc(T0 + 2 * DAY - 1, ['investigating'], 'last in');
    const atTo = inc(T0 + 2 * DAY, ['investigating'], 'at to');
    const got = listEventsBetween(t.db, T0, T0 + 2 * DAY).map((e) => e.id);
    expect(got).toEqual([lastIn, inside, atFrom]);
    expect(got).not.toContain(before);
    expect(got).not.toContain(atTo);
  });

  it('orders events with the same start by creation, newest first', () => {
    const { id: first } = insertEvent(
      t.db,
      { kind: 'incident', title: 'a', severity: null, impactOverride: null, startedAt: T0, scheduledFor: null, scheduledUntil: null, componentIds: [] },
      'UTC',
      T0 + HOUR,
    );
    const { id: second } = insertEvent(
      t.db,
      { kind: 'incident', title: 'b', severity: null, impactOverride: null, startedAt: T0, scheduledFor: null, scheduledUntil: null, componentIds: [] },
      'UTC',
      T0 + 2 * HOUR,
    );
    expect(listEventsBetween(t.db, T0, T0 + 1).map((e) => e.id)).toEqual([second, first]);
  });

  it('is empty for an empty range', () => {
    inc(T0, ['resolved']);
    expect(listEventsBetween(t.db, T0 + 1, T0 + DAY)).toEqual([]);
    expect(listEventsBetween(t.db, T0, T0)).toEqual([]);
  });
});

describe('pageOfEventsBetween / countEventsBetween', () => {
  it('slices listEventsBetween: consecutive slices neither repeat nor skip an event, ties included', () => {
    // Three events at the same instant (tied on start), the rest an hour apart; one outside [from, to).
    for (let i = 0; i < 3; i++) inc(T0, ['investigating'], `tie${i}`);
    for (let i = 1; i <= 6; i++) inc(T0 + i * HOUR, ['resolved'], `e${i}`);
    inc(T0 + DAY, ['resolved'], 'outside');
    const to = T0 + DAY;
    const whole = listEventsBetween(t.db, T0, to).map((e) => e.title);
    expect(countEventsBetween(t.db, T0, to)).toBe(9);
    const slices = [0, 4, 8].map((offset) => pageOfEventsBetween(t.db, T0, to, 4, offset).map((e) => e.title));
    expect(slices.map((s) => s.length)).toEqual([4, 4, 1]);
    expect(new Set(slices.flat()).size).toBe(9);
    expect(slices.flat().slice(0, 6)).toEqual(whole.slice(0, 6));
    expect([...slices.flat()].sort()).toEqual([...whole].sort());
    expect(pageOfEventsBetween(t.db, T0, to, 4, 9)).toEqual([]);
    // Full records, as listEventsBetween gives them.
    expect(pageOfEventsBetween(t.db, T0, to, 1, 0)[0]).toEqual(listEventsBetween(t.db, T0, to)[0]);
    expect(countEventsBetween(t.db, T0, T0)).toBe(0);
  });
});

describe('earliestEventAt', () => {
  it('is null without events, else the earliest start', () => {
    expect(earliestEventAt(t.db)).toBeNull();
    inc(T0, ['resolved']);
    mnt(T0 - 5 * DAY, ['scheduled', 'completed']);
    inc(T0 + DAY, ['resolved']);
    expect(earliestEventAt(t.db)).toBe(T0 - 5 * DAY);
  });
});

describe('findEvent', () => {
  it('finds by id and by reference, case-insensitively', () => {
    const { id, reference } = incident(t.db, {
      title: 'x',
      startedAt: Date.UTC(2026, 10, 20, 9),
      steps: [{ at: Date.UTC(2026, 10, 20, 9), status: 'investigating', body: 'x' }],
    });
    expect(reference).toBe('INC-20261120-001');
    expect(findEvent(t.db, id)?.id).toBe(id);
    expect(findEvent(t.db, 'INC-20261120-001')?.id).toBe(id);
    expect(findEvent(t.db, 'inc-20261120-001')?.id).toBe(id);
    expect(findEvent(t.db, 'Inc-20261120-001')?.id).toBe(id);
  });

  it('returns null for an unknown id or reference', () => {
    inc(Date.UTC(2026, 10, 20, 9), ['investigating']);
    expect(findEvent(t.db, 'nope')).toBeNull();
    expect(findEvent(t.db, 'INC-20261120-002')).toBeNull();
    expect(findEvent(t.db, 'INC-20261121-001')).toBeNull();
    expect(findEvent(t.db, '')).toBeNull();
  });

  it('does not match an id case-insensitively', () => {
    const id = inc(T0, ['investigating']);
    expect(findEvent(t.db, id.toUpperCase())).toBeNull();
  });

  it('tells two events apart', () => {
    const a = inc(T0, ['investigating'], 'A');
    const b = inc(T0 + DAY, ['resolved'], 'B');
    expect(findEvent(t.db, a)?.title).toBe('A');
    expect(findEvent(t.db, b)?.title).toBe('B');
    expect(findEvent(t.db, b)?.latestUpdateStatus).toBe('resolved');
    expect(findEvent(t.db, a)?.latestUpdateStatus).toBe('investigating');
  });
});

describe('updatesForEvents', () => {
  it('returns each event’s updates oldest first (by display time) with their component changes', () => {
    const g = group(t.db, 'core', 'Core', T0);
    const web = component(t.db, 'web', 'Web app', T0, { groupId: g, position: 2 });
    const api = component(t.db, 'api', 'REST API', T0, { groupId: g, position: 1 });
    const { id } = incident(t.db, {
      title: 'x',
      startedAt: T0,
      steps: [
        { at: T0, status: 'investigating', body: 'first', set: { [web]: 'major_outage', [api]: 'partial_outage' } },
        { at: T0 + HOUR, status: 'identified', body: 'second' },
        { at: T0 + 2 * HOUR, status: 'resolved', body: 'third', set: { [web]: 'operational', [api]: 'operational' } },
      ],
    });
    // A backdated update posted last.
    appendUpdate(t.db, { eventId: id, status: 'resolved', body: 'backfilled note', displayAt: T0 + 30 * MINUTE, notify: false, authorId: null, changes: [] }, NOW);
    const updates = updatesForEvents(t.db, [id]).get(id)!;
    expect(updates.map((u) => u.body)).toEqual(['first', 'backfilled note', 'second', 'third']);
    expect(updates.map((u) => u.notify)).toEqual([true, false, true, true]);
    expect(updates[1]).toMatchObject({ eventId: id, status: 'resolved', displayAt: T0 + 30 * MINUTE, createdAt: NOW });
    expect(updates[0]!.changes).toEqual([
      { componentId: api, name: 'REST API', slug: 'api', oldStatus: 'operational', newStatus: 'partial_outage' },
      { componentId: web, name: 'Web app', slug: 'web', oldStatus: 'operational', newStatus: 'major_outage' },
    ]);
    expect(updates[2]!.changes).toEqual([]);
    expect(updates[3]!.changes).toEqual([
      { componentId: api, name: 'REST API', slug: 'api', oldStatus: 'partial_outage', newStatus: 'operational' },
      { componentId: web, name: 'Web app', slug: 'web', oldStatus: 'major_outage', newStatus: 'operational' },
    ]);
  });

  it('keeps updates with the same display time in posting order', () => {
    const { id } = insertEvent(
      t.db,
      { kind: 'incident', title: 'x', severity: null, impactOverride: null, startedAt: T0, scheduledFor: null, scheduledUntil: null, componentIds: [] },
      'UTC',
      T0,
    );
    post(id, 'investigating', T0, T0 + 2 * MINUTE);
    post(id, 'identified', T0, T0 + 3 * MINUTE);
    post(id, 'monitoring', T0, T0 + 4 * MINUTE);
    expect(updatesForEvents(t.db, [id]).get(id)!.map((u) => u.status)).toEqual(['investigating', 'identified', 'monitoring']);
  });

  it('keeps events apart and answers with an empty list for events without updates', () => {
    const a = inc(T0, ['investigating', 'identified'], 'A');
    const b = inc(T0 + DAY, ['investigating'], 'B');
    const bare = bareIncident();
    const map = updatesForEvents(t.db, [a, b, bare]);
    expect(map.get(a)!.map((u) => u.body)).toEqual(['A investigating', 'A identified']);
    expect(map.get(b)!.map((u) => u.body)).toEqual(['B investigating']);
    expect(map.get(bare)).toEqual([]);
    expect(updatesForEvents(t.db, []).size).toBe(0);
    expect([...updatesForEvents(t.db, [b]).keys()]).toEqual([b]);
  });
});

describe('latestUpdatesOf', () => {
  it('gives each event its newest update by display time (then posting order), with its component changes', () => {
    const api = component(t.db, 'api', 'REST API', T0);
    const { id } = incident(t.db, {
      title: 'x',
      startedAt: T0,
      steps: [
        { at: T0, status: 'investigating', body: 'first', set: { [api]: 'major_outage' } },
        { at: T0 + 2 * HOUR, status: 'monitoring', body: 'newest', set: { [api]: 'operational' } },
      ],
    });
    // Posted last but shown earlier: not the newest.
    appendUpdate(t.db, { eventId: id, status: 'identified', body: 'backdated', displayAt: T0 + HOUR, notify: false, authorId: null, changes: [] }, NOW);
    const tie = inc(T0, ['investigating'], 'tie');
    post(tie, 'identified', T0, NOW);
    const latest = latestUpdatesOf(t.db, [id, tie]);
    expect(latest.get(id)).toMatchObject({ eventId: id, body: 'newest', status: 'monitoring', displayAt: T0 + 2 * HOUR });
    expect(latest.get(id)!.changes).toEqual([{ componentId: api, name: 'REST API', slug: 'api', oldStatus: 'major_outage', newStatus: 'operational' }]);
    expect(latest.get(tie)!.status).toBe('identified');
    // The same update the whole timeline ends with.
    expect(latest.get(id)).toEqual(updatesForEvents(t.db, [id]).get(id)!.at(-1));
  });

  it('leaves out events without updates and events not asked for', () => {
    const a = inc(T0, ['investigating', 'resolved'], 'A');
    const b = inc(T0 + DAY, ['investigating'], 'B');
    const bare = bareIncident();
    const latest = latestUpdatesOf(t.db, [a, bare]);
    expect([...latest.keys()]).toEqual([a]);
    expect(latest.get(a)!.body).toBe('A resolved');
    expect(latestUpdatesOf(t.db, [b]).get(b)!.body).toBe('B investigating');
    expect(latestUpdatesOf(t.db, []).size).toBe(0);
  });
});

describe('announcedStatusesOf', () => {
  it('collects every status any update of each event set, once each', () => {
    const web = component(t.db, 'web', 'Web', T0);
    const api = component(t.db, 'api', 'API', T0);
    const { id } = incident(t.db, {
      title: 'x',
      startedAt: T0,
      steps: [
        { at: T0, status: 'investigating', body: 'a', set: { [web]: 'partial_outage', [api]: 'partial_outage' } },
        { at: T0 + HOUR, status: 'identified', body: 'b', set: { [web]: 'major_outage' } },
        { at: T0 + 2 * HOUR, status: 'resolved', body: 'c', set: { [web]: 'operational', [api]: 'operational' } },
      ],
    });
    const quiet = inc(T0, ['investigating'], 'quiet');
    const statuses = announcedStatusesOf(t.db, [id, quiet]);
    expect([...statuses.get(id)!].sort()).toEqual(['major_outage', 'operational', 'partial_outage']);
    expect(statuses.get(quiet)).toEqual([]);
    expect(announcedStatusesOf(t.db, []).size).toBe(0);
  });
});

describe('affectedComponentsOf', () => {
  it('lists named and changed components once each, in page order', () => {
    const g = group(t.db, 'core', 'Core', T0);
    const c = component(t.db, 'c', 'Charlie', T0, { position: 3 });
    const a = component(t.db, 'a', 'Alpha', T0, { position: 1, groupId: g });
    const b = component(t.db, 'b', 'Bravo', T0, { position: 2 });
    const { id } = incident(t.db, {
      title: 'x',
      startedAt: T0,
      componentIds: [c, a],
      steps: [
        { at: T0, status: 'investigating', body: 'x', set: { [b]: 'major_outage', [a]: 'degraded_performance' } },
        { at: T0 + HOUR, status: 'resolved', body: 'y', set: { [b]: 'operational', [a]: 'operational' } },
      ],
    });
    const other = inc(T0, ['investigating']);
    const map = affectedComponentsOf(t.db, [id, other]);
    expect(map.get(id)).toEqual([
      { id: a, name: 'Alpha', slug: 'a', groupId: g },
      { id: b, name: 'Bravo', slug: 'b', groupId: null },
      { id: c, name: 'Charlie', slug: 'c', groupId: null },
    ]);
    expect(map.get(other)).toEqual([]);
    expect(affectedComponentsOf(t.db, []).size).toBe(0);
  });
});

describe('countEventsForComponent / listEventsForComponent', () => {
  let a: string;
  let b: string;
  let onA: string[]; // newest first
  let shared: string;
  beforeEach(() => {
    a = component(t.db, 'a', 'A', T0 - DAY);
    b = component(t.db, 'b', 'B', T0 - DAY);
    onA = [];
    for (let i = 0; i < 25; i++) onA.unshift(inc(T0 + i * HOUR, ['investigating', 'resolved'], `a${i}`, [a]));
    inc(T0 + 3 * DAY, ['investigating'], 'b only', [b]);
    // Affects both, through a status change on B and a named A.
    shared = incident(t.db, {
      title: 'shared',
      startedAt: T0 + 4 * DAY,
      componentIds: [a],
      steps: [{ at: T0 + 4 * DAY, status: 'investigating', body: 's', set: { [b]: 'partial_outage' } }],
    }).id;
  });

  it('counts distinct events', () => {
    expect(countEventsForComponent(t.db, [a])).toBe(26);
    expect(countEventsForComponent(t.db, [b])).toBe(2);
    expect(countEventsForComponent(t.db, [a, b])).toBe(27); // the shared one once
    expect(countEventsForComponent(t.db, [])).toBe(0);
    expect(countEventsForComponent(t.db, ['nothing'])).toBe(0);
  });

  it('pages newest first without overlap or gaps', () => {
    const all = [shared, ...onA];
    const page1 = listEventsForComponent(t.db, [a], 20, 0).map((e) => e.id);
    const page2 = listEventsForComponent(t.db, [a], 20, 20).map((e) => e.id);
    const page3 = listEventsForComponent(t.db, [a], 20, 40).map((e) => e.id);
    expect(page1).toEqual(all.slice(0, 20));
    expect(page2).toEqual(all.slice(20));
    expect(page2).toHaveLength(6);
    expect(page3).toEqual([]);
  });

  it('lists an event affecting several asked-for components once', () => {
    const ids = listEventsForComponent(t.db, [a, b], 100, 0).map((e) => e.id);
    expect(ids).toHaveLength(27);
    expect(new Set(ids).size).toBe(27);
    expect(ids[0]).toBe(shared);
  });

  it('lists only the events of the components asked for', () => {
    const ids = listEventsForComponent(t.db, [b], 100, 0).map((e) => e.title);
    expect(ids).toEqual(['shared', 'b only']);
    expect(listEventsForComponent(t.db, [], 10, 0)).toEqual([]);
  });
});
