import { afterEach, describe, expect, it } from 'vitest';
import { tempDatabase, type TempDatabase } from '../helpers/db.js';
import { seededRandom } from '../helpers/random.js';

/**
 * component_heads is kept by triggers (migration 0011). After every write of any kind:
 * - each live component's head holds the latest change of its history (time, then id), the
 *   search it replaced, and components without history have a head with no status;
 * - the stamp of every component whose record or history the write touched has moved, to a value
 *   that component never had before, even one deleted and created again under the same id (the
 *   front page keys its rows on id and stamp: a repeat could show a stale row);
 * - the stamps of components it did not touch are unchanged (a row is not rebuilt for nothing).
 */
const SEARCH = `select c.id as id,
    (select s.status from component_status_changes s where s.component_id = c.id order by s.at desc, s.id desc limit 1) as status,
    (select s.at from component_status_changes s where s.component_id = c.id order by s.at desc, s.id desc limit 1) as at
  from components c order by c.id`;
const STATUSES = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'] as const;

interface Head {
  readonly id: string;
  readonly status: string | null;
  readonly at: number | null;
}

let t: TempDatabase;
afterEach(() => t?.dispose());

describe('component_heads', () => {
  it('holds the latest status and a fresh stamp after every insert, edit and deletion of components, their history and incidents', () => {
    t = tempDatabase();
    const { sqlite } = t;
    const rand = seededRandom(20261206);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const base = 1_790_000_000_000;
    // Times from a narrow range, so ties in time happen often and the id decides.
    const time = (): number => base + Math.floor(rand() * 5) * 60_000;
    let n = 0;

    const heads = (): Head[] => sqlite.prepare('select component_id as id, status, at from component_heads order by component_id').all() as Head[];
    const searched = (): Head[] => sqlite.prepare(SEARCH).all() as Head[];
    const stamps = (): Map<string, number> => new Map(sqlite.prepare('select component_id, stamp from component_heads').raw().all() as [string, number][]);
    const ids = (table: string): string[] => sqlite.prepare(`select id from ${table}`).pluck().all() as string[];
    const changes = (): { id: number; component_id: string }[] => sqlite.prepare('select id, component_id from component_status_changes').all() as never;
    /** Every (component, stamp) pair seen. */
    const given = new Set<string>();
    const deleted: string[] = [];

    const insertComponent = (group: boolean): string => {
      // Now and then a deleted component comes back under its old id (an import, a restore).
      const id = deleted.length > 0 && rand() < 0.3 ? deleted.pop()! : `c${++n}`;
      const groups = sqlite.prepare('select id from components where is_group = 1').pluck().all() as string[];
      const groupId = !group && groups.length > 0 && rand() < 0.5 ? pick(groups) : null;
      sqlite
        .prepare('insert into components (id, slug, name, is_group, group_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)')
        .run(id, id, id, group ? 1 : 0, groupId, base, base);
      return id;
    };

    for (let step = 0; step < 700; step++) {
      const before = stamps();
      const leaves = sqlite.prepare('select id from components where is_group = 0').pluck().all() as string[];
      const history = changes();
      const events = ids('events');
      const touched = new Set<string>();
      const action = rand();
      if (action < 0.1 || leaves.length < 2) {
        touched.add(insertComponent(rand() < 0.2));
      } else if (action < 0.45) {
        const id = pick(leaves);
        const eventId = events.length > 0 && rand() < 0.5 ? pick(events) : null;
        sqlite
          .prepare("insert into component_status_changes (component_id, status, at, cause, event_id) values (?, ?, ?, 'manual', ?)")
          .run(id, pick(STATUSES), time(), eventId);
        touched.add(id);
      } else if (action < 0.55 && history.length > 0) {
        const c = pick(history);
        sqlite.prepare('update component_status_changes set status = ? where id = ?').run(pick(STATUSES), c.id);
        touched.add(c.component_id);
      } else if (action < 0.62 && history.length > 0) {
        // A revised time can make another change the latest.
        const c = pick(history);
        sqlite.prepare('update component_status_changes set at = ? where id = ?').run(time(), c.id);
        touched.add(c.component_id);
      } else if (action < 0.66 && history.length > 0) {
        // Moved to another component: both heads are recomputed.
        const c = pick(history);
        const to = pick(leaves);
        sqlite.prepare('update component_status_changes set component_id = ? where id = ?').run(to, c.id);
        touched.add(c.component_id).add(to);
      } else if (action < 0.76 && history.length > 0) {
        const c = pick(history);
        sqlite.prepare('delete from component_status_changes where id = ?').run(c.id);
        touched.add(c.component_id);
      } else if (action < 0.83) {
        // A record's edit (a name) moves its stamp like a history's.
        const id = pick(ids('components'));
        sqlite.prepare('update components set name = ? where id = ?').run(`name ${step}`, id);
        touched.add(id);
      } else if (action < 0.88) {
        const id = `e${++n}`;
        sqlite
          .prepare("insert into events (id, kind, reference, title, started_at, created_at, updated_at) values (?, 'incident', ?, ?, ?, ?, ?)")
          .run(id, `R-${id}`, id, base, base, base);
      } else if (action < 0.93 && events.length > 0) {
        // Deleting an incident clears its link from the changes it made (ON DELETE SET NULL): those components' rows change.
        const id = pick(events);
        for (const c of sqlite.prepare('select distinct component_id from component_status_changes where event_id = ?').pluck().all(id) as string[]) touched.add(c);
        sqlite.prepare('delete from events where id = ?').run(id);
      } else {
        // A deleted component takes its history and head with it; a deleted group's members leave it (ON DELETE SET NULL).
        const id = pick(ids('components'));
        for (const m of sqlite.prepare('select id from components where group_id = ?').pluck().all(id) as string[]) touched.add(m);
        sqlite.prepare('delete from components where id = ?').run(id);
        deleted.push(id);
      }

      expect(heads(), `heads after step ${step}`).toEqual(searched());
      const after = stamps();
      for (const [id, stamp] of after) {
        if (touched.has(id)) {
          expect(given.has(`${id}:${stamp}`), `step ${step}: ${id} was given a stamp it had before`).toBe(false);
        } else {
          expect(stamp, `step ${step}: ${id} was not touched`).toBe(before.get(id));
        }
        given.add(`${id}:${stamp}`);
      }
    }
    // The walk went through components with and without history, groups, incidents and deletions.
    const final = searched();
    expect(final.some((h) => h.status === null)).toBe(true);
    expect(final.filter((h) => h.status !== null).length).toBeGreaterThanOrEqual(3);
    expect(sqlite.prepare('select count(*) from component_status_changes where event_id is not null').pluck().get()).toBeGreaterThan(0);
  });
});
