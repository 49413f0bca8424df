import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ComponentStatus } from '../../../src/core/component-status.js';
import { readSnapshot, type Db } from '../../../db/client.js';
import { findComponentBySlug, listComponents, statusHistorySince } from '../../../src/server/read/components.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, group, HOUR, incident } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);
const T0 = NOW - 10 * DAY;

let t: TempDatabase;
beforeEach(() => {
  t = tempDatabase();
});
afterEach(() => t.dispose());

/** Appends a history row directly, so times and insertion order are under the test's control. */
function change(componentId: string, status: ComponentStatus, at: number): void {
  t.sqlite.prepare("insert into component_status_changes (component_id, status, at, cause) values (?, ?, ?, 'manual')").run(componentId, status, at);
}

const byId = (id: string) => listComponents(t.db).find((c) => c.id === id);

describe('listComponents', () => {
  it('returns each component with its latest status and when it was set', () => {
    const a = component(t.db, 'a', 'A', T0);
    const b = component(t.db, 'b', 'B', T0, { status: 'major_outage' });
    change(a, 'degraded_performance', T0 + HOUR);
    change(a, 'partial_outage', T0 + 2 * HOUR);
    expect(byId(a)).toMatchObject({ latestStatus: 'partial_outage', latestStatusAt: T0 + 2 * HOUR });
    expect(byId(b)).toMatchObject({ latestStatus: 'major_outage', latestStatusAt: T0 });
  });

  it('picks the latest by time, not by insertion', () => {
    const a = component(t.db, 'a', 'A', T0);
    change(a, 'major_outage', T0 + 3 * HOUR);
    change(a, 'degraded_performance', T0 + 2 * HOUR); // inserted later, happened earlier
    expect(byId(a)).toMatchObject({ latestStatus: 'major_outage', latestStatusAt: T0 + 3 * HOUR });
  });

  it('breaks a tie in time by insertion order (the later row wins)', () => {
    const a = component(t.db, 'a', 'A', T0);
    change(a, 'major_outage', T0 + HOUR);
    change(a, 'partial_outage', T0 + HOUR);
    expect(byId(a)?.latestStatus).toBe('partial_outage');
    change(a, 'degraded_performance', T0 + HOUR);
    expect(byId(a)?.latestStatus).toBe('degraded_performance');
  });

  it('follows incident updates', () => {
    const a = component(t.db, 'a', 'A', T0);
    incident(t.db, {
      title: 'x',
      startedAt: T0 + HOUR,
      steps: [
        { at: T0 + HOUR, status: 'investigating', body: 'x', set: { [a]: 'major_outage' } },
        { at: T0 + 2 * HOUR, status: 'monitoring', body: 'y', set: { [a]: 'degraded_performance' } },
      ],
    });
    expect(byId(a)).toMatchObject({ latestStatus: 'degraded_performance', latestStatusAt: T0 + 2 * HOUR });
  });

  it('has a null status for groups and for components without history', () => {
    const g = group(t.db, 'g', 'G', T0);
    t.sqlite
      .prepare(`insert into components (id, slug, name, created_at, updated_at) values ('bare', 'bare', 'Bare', ${T0}, ${T0})`)
      .run();
    expect(byId(g)).toMatchObject({ isGroup: true, latestStatus: null, latestStatusAt: null });
    expect(byId('bare')).toMatchObject({ isGroup: false, latestStatus: null, latestStatusAt: null });
  });

  it('does not mix up the histories of different components', () => {
    const a = component(t.db, 'a', 'A', T0);
    const b = component(t.db, 'b', 'B', T0);
    change(b, 'major_outage', T0 + 5 * HOUR);
    expect(byId(a)?.latestStatus).toBe('operational');
    expect(byId(b)?.latestStatus).toBe('major_outage');
  });

  it('leaves out archived components', () => {
    const a = component(t.db, 'a', 'A', T0);
    const b = component(t.db, 'b', 'B', T0);
    t.sqlite.prepare('update components set archived_at = ? where id = ?').run(NOW, b);
    expect(listComponents(t.db).map((c) => c.id)).toEqual([a]);
  });

  it('maps the stored fields, booleans included', () => {
    const g = group(t.db, 'g', 'Group', T0, 2);
    const a = component(t.db, 'a', 'A', T0, { groupId: g, description: 'About A', showcase: false, onlyShowIfDegraded: true, startDate: '2026-11-01', position: 7 });
    expect(byId(a)).toEqual({
      id: a,
      slug: 'a',
      name: 'A',
      description: 'About A',
      isGroup: false,
      groupId: g,
      position: 7,
      showcase: false,
      onlyShowIfDegraded: true,
      startDate: '2026-11-01',
      createdAt: T0,
      updatedAt: T0,
      latestStatus: 'operational',
      latestStatusAt: T0,
    });
  });

  it('orders by position, then name', () => {
    component(t.db, 'z', 'Zeta', T0, { position: 1 });
    component(t.db, 'b', 'Beta', T0, { position: 2 });
    component(t.db, 'a', 'Alpha', T0, { position: 2 });
    group(t.db, 'g', 'Gamma', T0, 0);
    expect(listComponents(t.db).map((c) => c.name)).toEqual(['Gamma', 'Zeta', 'Alpha', 'Beta']);
  });

  it('puts each group directly before its children, children by position then name', () => {
    const voice = group(t.db, 'voice', 'Voice', T0, 1);
    component(t.db, 'catalog', 'Catalog', T0, { position: 1 });
    component(t.db, 'eu-c', 'EU Central', T0, { groupId: voice, position: 2 });
    component(t.db, 'eu-w', 'EU West', T0, { groupId: voice, position: 1 });
    component(t.db, 'eu-a', 'EU Atlantic', T0, { groupId: voice, position: 2 });
    const data = group(t.db, 'data', 'Data', T0, 0);
    component(t.db, 'db', 'Database', T0, { groupId: data, position: 5 });
    expect(listComponents(t.db).map((c) => c.name)).toEqual([
      'Data',
      'Database',
      'Catalog',
      'Voice',
      'EU West',
      'EU Atlantic',
      'EU Central',
    ]);
  });

  it('reads the same list on the connection, in a snapshot, and inside a drizzle transaction (which has no prepared statements)', () => {
    const g = group(t.db, 'g', 'Group', T0, 2);
    component(t.db, 'a', 'A', T0, { groupId: g, onlyShowIfDegraded: true, status: 'major_outage' });
    component(t.db, 'b', 'B', T0, { showcase: false, position: 1 });
    const plain = listComponents(t.db);
    expect(plain.map((c) => [c.slug, c.isGroup, c.showcase, c.onlyShowIfDegraded, c.latestStatus])).toEqual([
      ['b', false, false, false, 'operational'],
      ['g', true, true, false, null],
      ['a', false, true, true, 'major_outage'],
    ]);
    expect(readSnapshot(t.db, (s) => listComponents(s))).toEqual(plain);
    expect(t.db.transaction((tx) => listComponents(tx as unknown as Db))).toEqual(plain);
  });
});

describe('findComponentBySlug', () => {
  it('finds a live component with its latest status', () => {
    const a = component(t.db, 'api', 'API', T0, { status: 'partial_outage' });
    expect(findComponentBySlug(t.db, 'api')).toMatchObject({ id: a, latestStatus: 'partial_outage' });
  });

  it('returns null for an unknown or archived slug', () => {
    const a = component(t.db, 'api', 'API', T0);
    expect(findComponentBySlug(t.db, 'nope')).toBeNull();
    t.sqlite.prepare('update components set archived_at = ? where id = ?').run(NOW, a);
    expect(findComponentBySlug(t.db, 'api')).toBeNull();
  });
});

/** A history's times and statuses (what these tests are about), without the events that caused them. */
const plain = (h: readonly { at: number; status: string }[] | undefined): { at: number; status: string }[] | undefined => h?.map(({ at, status }) => ({ at, status }));

describe('statusHistorySince', () => {
  let a: string;
  let b: string;
  beforeEach(() => {
    a = component(t.db, 'a', 'A', T0); // operational at T0
    b = component(t.db, 'b', 'B', T0, { status: 'major_outage' });
    change(a, 'degraded_performance', T0 + 1 * HOUR);
    change(a, 'partial_outage', T0 + 3 * HOUR);
    change(a, 'operational', T0 + 5 * HOUR);
  });

  it('starts with the status in force at `from`, then every later change, sorted', () => {
    const h = statusHistorySince(t.db, [a], T0 + 2 * HOUR);
    expect(plain(h.get(a))).toEqual([
      { at: T0 + 1 * HOUR, status: 'degraded_performance' },
      { at: T0 + 3 * HOUR, status: 'partial_outage' },
      { at: T0 + 5 * HOUR, status: 'operational' },
    ]);
  });

  it('a change exactly at `from` is part of the window; the one before it opens it', () => {
    expect(plain(statusHistorySince(t.db, [a], T0 + 3 * HOUR).get(a))).toEqual([
      { at: T0 + 1 * HOUR, status: 'degraded_performance' },
      { at: T0 + 3 * HOUR, status: 'partial_outage' },
      { at: T0 + 5 * HOUR, status: 'operational' },
    ]);
  });

  it('from after the last change gives just the status in force', () => {
    expect(plain(statusHistorySince(t.db, [a, b], NOW).get(a))).toEqual([{ at: T0 + 5 * HOUR, status: 'operational' }]);
    expect(plain(statusHistorySince(t.db, [a, b], NOW).get(b))).toEqual([{ at: T0, status: 'major_outage' }]);
  });

  it('from before the first change gives the whole history', () => {
    expect(plain(statusHistorySince(t.db, [a], T0 - DAY).get(a))).toEqual([
      { at: T0, status: 'operational' },
      { at: T0 + 1 * HOUR, status: 'degraded_performance' },
      { at: T0 + 3 * HOUR, status: 'partial_outage' },
      { at: T0 + 5 * HOUR, status: 'operational' },
    ]);
  });

  it('answers for a page of over a thousand components, each with only its own history', () => {
    const many = Array.from({ length: 1200 }, (_, i) => component(t.db, `c-${i}`, `C ${i}`, T0 + i, { status: i % 2 ? 'major_outage' : 'operational' }));
    const h = statusHistorySince(t.db, [...many, a], T0 + 2 * HOUR);
    expect(h.size).toBe(1201);
    expect(plain(h.get(many[7]!))).toEqual([{ at: T0 + 7, status: 'major_outage' }]);
    expect(plain(h.get(many[1198]!))).toEqual([{ at: T0 + 1198, status: 'operational' }]);
    expect(h.get(a)?.map((c) => c.status)).toEqual(['degraded_performance', 'partial_outage', 'operational']);
    expect(h.has(b)).toBe(false);
  });

  it('sorts changes inserted out of order', () => {
    change(a, 'major_outage', T0 + 4 * HOUR); // inserted last, happened between two others
    expect(statusHistorySince(t.db, [a], T0 + 2 * HOUR).get(a)?.map((c) => c.at)).toEqual([
      T0 + 1 * HOUR,
      T0 + 3 * HOUR,
      T0 + 4 * HOUR,
      T0 + 5 * HOUR,
    ]);
  });

  it('opens with the later-inserted of two changes at the same time before `from`', () => {
    change(a, 'major_outage', T0 + 6 * HOUR);
    change(a, 'under_maintenance', T0 + 6 * HOUR);
    expect(plain(statusHistorySince(t.db, [a], T0 + 7 * HOUR).get(a))).toEqual([{ at: T0 + 6 * HOUR, status: 'under_maintenance' }]);
  });

  it('keeps each component to its own history and leaves out components not asked for', () => {
    const c = component(t.db, 'c', 'C', T0);
    change(c, 'major_outage', T0 + 4 * HOUR);
    const h = statusHistorySince(t.db, [b], T0 + 2 * HOUR);
    expect([...h.keys()]).toEqual([b]);
    expect(plain(h.get(b))).toEqual([{ at: T0, status: 'major_outage' }]);
  });

  it('gives an empty list for a component with no history and an empty map for no ids', () => {
    const g = group(t.db, 'g', 'G', T0);
    const h = statusHistorySince(t.db, [g, 'unknown'], T0);
    expect(plain(h.get(g))).toEqual([]);
    expect(plain(h.get('unknown'))).toEqual([]);
    expect(statusHistorySince(t.db, [], T0).size).toBe(0);
  });

  it('answers for many components at once', () => {
    const h = statusHistorySince(t.db, [a, b], T0 + 4 * HOUR);
    expect(plain(h.get(a))).toEqual([
      { at: T0 + 3 * HOUR, status: 'partial_outage' },
      { at: T0 + 5 * HOUR, status: 'operational' },
    ]);
    expect(plain(h.get(b))).toEqual([{ at: T0, status: 'major_outage' }]);
  });
});
