import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTransaction } from '../../../db/client.js';
import { FragmentStore } from '../../../src/server/cache/fragment-store.js';
import { versionKey } from '../../../src/server/read/content-memo.js';
import { recentSection, type RecentSection } from '../../../src/server/views/front-page/recent-section.js';
import { recentClosedEvents, RECENT_DAYS } from '../../../src/server/views/recent-events.js';
import { insertManualStatus } from '../../../src/server/write/components.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, HOUR, incident, page } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 11, 5, 12, 0);
const WINDOW = RECENT_DAYS * DAY;

let t: TempDatabase;
let api: string;
beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme', 'UTC', NOW - 30 * DAY);
  api = component(t.db, 'api', 'API', NOW - 30 * DAY);
});
afterEach(() => t.dispose());

const closed = (title: string, start: number): string =>
  incident(t.db, {
    title,
    startedAt: start,
    componentIds: [api],
    steps: [
      { at: start, status: 'investigating', body: 'Looking.' },
      { at: start + HOUR, status: 'resolved', body: 'Fixed.' },
    ],
  }).id;

const ids = (now: number, timeZone = 'UTC'): string[] => recentClosedEvents(t.db, timeZone, now).map((e) => e.id);

describe('the front page’s past week, kept between renders', () => {
  it("is the same list while nothing it shows changes, a component's status change included", () => {
    closed('Earlier', NOW - 2 * DAY);
    const first = recentClosedEvents(t.db, 'UTC', NOW);
    expect(recentClosedEvents(t.db, 'UTC', NOW + 1_000)).toBe(first);
    writeTransaction(t.db, (tx) => insertManualStatus(tx, api, 'major_outage', null, NOW));
    expect(recentClosedEvents(t.db, 'UTC', NOW + 2_000)).toBe(first);
  });

  it('shows a change to an event, its update, or a component it names at the next render', () => {
    const id = closed('Earlier', NOW - 2 * DAY);
    expect(recentClosedEvents(t.db, 'UTC', NOW)[0]!.title).toBe('Earlier');
    t.sqlite.prepare("update events set title = 'Renamed' where id = ?").run(id);
    expect(recentClosedEvents(t.db, 'UTC', NOW)[0]!.title).toBe('Renamed');
    t.sqlite.prepare("update event_updates set status = 'monitoring' where event_id = ? and status = 'resolved'").run(id);
    expect(ids(NOW)).toEqual([]);
    t.sqlite.prepare("update event_updates set status = 'resolved' where event_id = ? and status = 'monitoring'").run(id);
    expect(ids(NOW)).toEqual([id]);
    t.sqlite.prepare("update components set name = 'Public API' where id = ?").run(api);
    expect(recentClosedEvents(t.db, 'UTC', NOW)[0]!.affected.map((c) => c.name)).toEqual(['Public API']);
  });

  it('shows times in a new time zone at once', () => {
    closed('Earlier', NOW - 2 * DAY);
    expect(recentClosedEvents(t.db, 'UTC', NOW)[0]!.startedAt!.iso).toBe('2026-12-03T12:00:00.000+00:00');
    expect(recentClosedEvents(t.db, 'Asia/Tokyo', NOW)[0]!.startedAt!.iso).toBe('2026-12-03T21:00:00.000+09:00');
  });

  it('drops an event the instant it leaves the window, and lists one the instant it enters', () => {
    const old = closed('Old', NOW - 5 * DAY);
    // Resolved already, dated just ahead of the first render (a backfill with a time a little ahead).
    const ahead = closed('Ahead', NOW + 10 * 60_000);
    expect(ids(NOW)).toEqual([old]);
    const leaves = NOW - 5 * DAY + WINDOW;
    expect(ids(NOW + 10 * 60_000)).toEqual([old]);
    expect(ids(NOW + 10 * 60_000 + 1)).toEqual([ahead, old]);
    expect(ids(leaves)).toEqual([ahead, old]);
    expect(ids(leaves + 1)).toEqual([ahead]);
  });

  it('reads afresh when the clock steps back', () => {
    const id = closed('Earlier', NOW - 2 * DAY);
    expect(ids(NOW)).toEqual([id]);
    expect(ids(NOW - 3 * DAY)).toEqual([]);
  });
});

let store: FragmentStore;

/** The section at `now` as the page gets it, "rendered" as its events' titles and kept: what the page printed. */
function shown(now: number, timeZone = 'UTC', version: number | null = versionKey(t.db, 'events'), open: ReadonlySet<string> = new Set()): { from: 'store' | 'render'; html: string } {
  const s: RecentSection = recentSection(t.db, timeZone, now, store, version, open);
  if (s.kind === 'cached') return { from: 'store', html: Buffer.from(s.html).toString() };
  const html = s.views.map((e) => e.title).join(',');
  s.keep(html);
  return { from: 'render', html };
}

describe("the front page's past week, kept as HTML", () => {
  beforeEach(() => {
    store = new FragmentStore(1 << 20);
  });

  it("is drawn once, then printed from the store while nothing it shows changes, a component's status change included", () => {
    closed('Earlier', NOW - 2 * DAY);
    expect(shown(NOW)).toEqual({ from: 'render', html: 'Earlier' });
    expect(shown(NOW + 1_000)).toEqual({ from: 'store', html: 'Earlier' });
    writeTransaction(t.db, (tx) => insertManualStatus(tx, api, 'major_outage', null, NOW + 2_000));
    expect(shown(NOW + 3_000)).toEqual({ from: 'store', html: 'Earlier' });
  });

  it('is drawn again after a change to an event, in a new time zone, and when the window gains or loses an event', () => {
    const id = closed('Earlier', NOW - 2 * DAY);
    shown(NOW);
    t.sqlite.prepare("update events set title = 'Renamed' where id = ?").run(id);
    expect(shown(NOW + 1)).toEqual({ from: 'render', html: 'Renamed' });
    expect(shown(NOW + 2, 'Asia/Tokyo').from).toBe('render');
    expect(shown(NOW + 3, 'Asia/Tokyo').from).toBe('store');
    // An incident already written to start later enters the window when it starts.
    closed('Later', NOW + HOUR);
    shown(NOW + 4, 'Asia/Tokyo');
    expect(shown(NOW + HOUR, 'Asia/Tokyo')).toEqual({ from: 'store', html: 'Renamed' });
    expect(shown(NOW + HOUR + 1, 'Asia/Tokyo')).toEqual({ from: 'render', html: 'Later,Renamed' });
    // The older one leaves it RECENT_DAYS after it happened.
    expect(shown(NOW - 2 * DAY + RECENT_DAYS * DAY, 'Asia/Tokyo')).toEqual({ from: 'store', html: 'Later,Renamed' });
    expect(shown(NOW - 2 * DAY + RECENT_DAYS * DAY + 1, 'Asia/Tokyo')).toEqual({ from: 'render', html: 'Later' });
  });

  it('is neither printed from nor put in the store when the page cannot vouch for one version of the events', () => {
    closed('Earlier', NOW - 2 * DAY);
    shown(NOW);
    expect(shown(NOW + 1, 'UTC', null)).toEqual({ from: 'render', html: 'Earlier' });
    // A list read at another version than the page's open events is not kept under the page's version.
    const stale = versionKey(t.db, 'events')! - 1;
    expect(shown(NOW + 2, 'UTC', stale).from).toBe('render');
    expect(shown(NOW + 3, 'UTC', stale).from).toBe('render');
  });

  it('leaves out an event the page lists as open, and keeps nothing then', () => {
    const id = closed('Earlier', NOW - 2 * DAY);
    expect(shown(NOW, 'UTC', versionKey(t.db, 'events'), new Set([id]))).toEqual({ from: 'render', html: '' });
    expect(shown(NOW + 1).from).toBe('render');
    expect(shown(NOW + 2)).toEqual({ from: 'store', html: 'Earlier' });
  });
});
