import { afterEach, describe, expect, it } from 'vitest';
import { tempDatabase, type TempDatabase } from '../helpers/db.js';
import { seededRandom } from '../helpers/random.js';

/**
 * open_events is kept by triggers (migration 0010); it must always equal the search it replaced:
 * events whose newest update (display time, then posting time, then insertion) does not close
 * them, or that have none. Random writes of every kind, checked after each one.
 */
const SEARCH = `select e.id from events e where coalesce((select u.status from event_updates u where u.event_id = e.id
  order by u.display_at desc, u.created_at desc, u.rowid desc limit 1), 'investigating') not in ('resolved', 'postmortem', 'completed') order by e.id`;
const INCIDENT = ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'] as const;
const MAINTENANCE = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;

let t: TempDatabase;
afterEach(() => t?.dispose());

describe('open_events', () => {
  it('agrees with the newest-update search after every insert, edit and deletion of events and updates', () => {
    t = tempDatabase();
    const { sqlite } = t;
    const rand = seededRandom(20261205);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const at = 1_790_000_000_000;
    const kinds = new Map<string, 'incident' | 'maintenance'>();
    let n = 0;
    const statusFor = (eventId: string): string => pick(kinds.get(eventId) === 'maintenance' ? MAINTENANCE : INCIDENT);
    const updatesOf = (): { id: string; event_id: string }[] => sqlite.prepare('select id, event_id from event_updates').all() as never;
    const kept = (): string[] => sqlite.prepare('select event_id from open_events order by event_id').pluck().all() as string[];
    const searched = (): string[] => sqlite.prepare(SEARCH).pluck().all() as string[];

    for (let step = 0; step < 600; step++) {
      const action = rand();
      const events = [...kinds.keys()];
      const updates = updatesOf();
      // Times from a narrow range, so ties in display and posting time happen often.
      const time = (): number => at + Math.floor(rand() * 6) * 60_000;
      if (action < 0.15 || events.length === 0) {
        const id = `e${++n}`;
        const kind = rand() < 0.7 ? 'incident' : 'maintenance';
        kinds.set(id, kind);
        sqlite
          .prepare(
            kind === 'incident'
              ? 'insert into events (id, kind, reference, title, started_at, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)'
              : 'insert into events (id, kind, reference, title, scheduled_for, scheduled_until, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
          )
          .run(...(kind === 'incident' ? [id, kind, `R-${id}`, id, at, at, at] : [id, kind, `R-${id}`, id, at, at + 3_600_000, at, at]));
      } else if (action < 0.55) {
        const eventId = pick(events);
        sqlite
          .prepare('insert into event_updates (id, event_id, status, body, display_at, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)')
          .run(`u${++n}`, eventId, statusFor(eventId), 'x', time(), time(), at);
      } else if (action < 0.7 && updates.length > 0) {
        const u = pick(updates);
        sqlite.prepare('update event_updates set status = ? where id = ?').run(statusFor(u.event_id), u.id);
      } else if (action < 0.8 && updates.length > 0) {
        // A corrected time can make another update the newest.
        sqlite.prepare('update event_updates set display_at = ? where id = ?').run(time(), pick(updates).id);
      } else if (action < 0.85 && updates.length > 0) {
        // Moved to another event of the same kind: both events are recomputed.
        const u = pick(updates);
        const same = events.filter((e) => kinds.get(e) === kinds.get(u.event_id));
        sqlite.prepare('update event_updates set event_id = ? where id = ?').run(pick(same), u.id);
      } else if (action < 0.95 && updates.length > 0) {
        sqlite.prepare('delete from event_updates where id = ?').run(pick(updates).id);
      } else {
        const id = pick(events);
        sqlite.prepare('delete from events where id = ?').run(id);
        kinds.delete(id);
      }
      expect(kept(), `after step ${step}`).toEqual(searched());
    }
    // The walk went through open, closed, reopened and deleted events.
    expect(searched().length).toBeGreaterThan(0);
    expect(sqlite.prepare('select count(*) from events').pluck().get()).toBeGreaterThan(searched().length);
  });
});
