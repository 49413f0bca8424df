import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { insertManualStatus } from '../../src/server/write/components.js';
import { appendUpdate } from '../../src/server/write/events.js';
import { RECENT_SLOT } from '../../src/server/views/front-page/recent-section.js';
import { tempDatabasePath } from '../helpers/db.js';
import { component, DAY, group } from '../helpers/fixtures.js';
import { startServer, type RunningServer } from '../helpers/server.js';
import { writePublicSite } from './public-site.fixture.js';

/**
 * `/` assembled from kept rows and the kept past week is byte for byte the page drawn from every
 * view (the store switched off, BEACON_ROW_CACHE=off): two servers on one database, same page, same moment.
 */
let kept: RunningServer;
let fresh: RunningServer;
let dbPath: string;
let cleanup: () => void;
let degradedMember = '';
let openIncident = '';

beforeAll(async () => {
  const db = tempDatabasePath();
  dbPath = db.path;
  cleanup = db.cleanup;
  const now = Date.now();
  openIncident = writePublicSite(db.path, now).openId;
  const handle = openDatabase(db.path);
  // A group drawn open (a member in trouble), with a member hidden while operational.
  const edge = group(handle.db, 'edge', 'Edge <&> "CDN"', now - 100 * DAY, 9);
  degradedMember = component(handle.db, 'pops', 'PoPs', now - 100 * DAY, { groupId: edge, position: 1, status: 'degraded_performance' });
  component(handle.db, 'shield', 'Shield', now - 100 * DAY, { groupId: edge, position: 2, onlyShowIfDegraded: true });
  // A group drawn folded: all its members operational.
  const calm = group(handle.db, 'calm', 'Calm', now - 100 * DAY, 10);
  component(handle.db, 'calm-one', 'Calm one', now - 100 * DAY, { groupId: calm, position: 1 });
  handle.close();
  [kept, fresh] = await Promise.all([startServer(db.path), startServer(db.path, { BEACON_ROW_CACHE: 'off' })]);
});
afterAll(async () => {
  await Promise.all([kept?.stop(), fresh?.stop()]);
  cleanup?.();
});

const body = async (server: RunningServer, path: string): Promise<string> => (await fetch(`${server.url}${path}`)).text();

/** Both pages now; once more if they differ, in case a clock minute turned between the two renders. */
async function both(tag: string): Promise<[string, string]> {
  for (let attempt = 0; ; attempt++) {
    const [a, b] = await Promise.all([body(kept, `/?${tag}=${attempt}`), body(fresh, `/?${tag}=${attempt}`)]);
    if (a === b || attempt === 1) return [a, b];
  }
}

describe('/ from kept rows', () => {
  it('is the same bytes as the page drawn from scratch, with groups open and folded and the day bars', async () => {
    const [first, reference] = await both('a');
    expect(first).toBe(reference);
    // The second render assembles every row from the store.
    const [again, reference2] = await both('b');
    expect(again).toBe(reference2);
    expect(again).toContain('<details class="members" open');
    expect(again).toMatch(/<details class="members">/);
    expect(again).toContain('data-ev=');
    expect(again).toContain('Edge &lt;&amp;&gt; &quot;CDN&quot;');
    expect(again).not.toContain('Shield');
  });

  it('shows a change to one component at once, still the same bytes', async () => {
    await both('c');
    const handle = openDatabase(dbPath);
    handle.db.transaction((tx) => insertManualStatus(tx, degradedMember, 'major_outage', null, Date.now()), { behavior: 'immediate' });
    handle.close();
    const [after, reference] = await both('d');
    expect(after).toBe(reference);
    expect(after).toMatch(/data-component="pops"[\s\S]*?data-status="major_outage"/);
  });

  it('moves an incident resolved from the open list to the past week at once, then keeps that section, still the same bytes', async () => {
    const [before] = await both('g');
    expect(before).toContain('No incidents reported in the past 7 days.');
    const handle = openDatabase(dbPath);
    try {
      handle.db.transaction(
        (tx) => appendUpdate(tx, { eventId: openIncident, status: 'resolved', body: 'All REST calls work again.', displayAt: Date.now(), notify: false, authorId: null, changes: [] }, Date.now()),
        { behavior: 'immediate' },
      );
      const [after, reference] = await both('h');
      expect(after).toBe(reference);
      expect(after).not.toContain('Ongoing incidents');
      expect(after).toMatch(/<section aria-labelledby="recent">[\s\S]*REST errors/);
      // The section drawn is kept: the next render prints it from the store, the same bytes.
      await expect.poll(() => handle.sqlite.prepare('select count(*) from front_rows where slot = ?').pluck().get(RECENT_SLOT)).toBe(1);
      const [again, reference2] = await both('i');
      expect(again).toBe(reference2);
    } finally {
      handle.close();
    }
  });

  it('after a restart, reuses the rows kept in the database, never one that a change made while it was down outdates', async () => {
    await both('e');
    const handle = openDatabase(dbPath);
    try {
      const written = (): Map<string, number> =>
        new Map((handle.sqlite.prepare('select slot, written_at as at from front_rows').all() as { slot: string; at: number }[]).map((r) => [r.slot, r.at]));
      await expect.poll(() => written().size).toBeGreaterThan(0);
      const before = written();
      // Rows whose figures may move with the clock within the test are drawn again anyway: not counted.
      const moving = new Set(handle.sqlite.prepare('select slot from front_rows where valid_until < ?').pluck().all(Date.now() + 60_000) as string[]);
      const edge = handle.sqlite.prepare("select id from components where slug = 'edge'").pluck().get() as string;
      await kept.stop();
      // While the server is down: the group's member recovers.
      handle.db.transaction((tx) => insertManualStatus(tx, degradedMember, 'operational', null, Date.now()), { behavior: 'immediate' });
      kept = await startServer(dbPath);
      const [after, reference] = await both('f');
      expect(after).toBe(reference);
      expect(after).toMatch(/data-component="pops"[\s\S]*?data-status="operational"/);
      // Only the changed group's row was drawn again and written back; every other row came from the database.
      await expect.poll(() => written().get(edge)).not.toBe(before.get(edge));
      const redrawn = [...written()].filter(([slot, at]) => before.get(slot) !== at && (slot === edge || !moving.has(slot))).map(([slot]) => slot);
      expect(redrawn).toEqual([edge]);
      expect(before.has(RECENT_SLOT)).toBe(true);
      expect(before.size - moving.size).toBeGreaterThanOrEqual(2);
    } finally {
      handle.close();
    }
  });
});
