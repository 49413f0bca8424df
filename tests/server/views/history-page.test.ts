import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENTS_PER_PAGE, historyPageView, MONTHS_PER_PAGE, type HistoryPageView } from '../../../src/server/views/history-page.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { DAY, HOUR, incident, maintenance, page } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);

let t: TempDatabase;
beforeEach(() => {
  t = tempDatabase();
});
afterEach(() => t.dispose());

function ok(rawPage: string | null = null, now = NOW): HistoryPageView {
  const r = historyPageView(t.db, rawPage, now);
  if (r.kind !== 'ok') throw new Error(`expected ok, got ${r.kind}`);
  return r.view;
}

function resolved(title: string, start: number, timeZone = 'UTC'): string {
  return incident(t.db, {
    title,
    startedAt: start,
    timeZone,
    steps: [
      { at: start, status: 'investigating', body: `${title} begins` },
      { at: start + HOUR, status: 'resolved', body: `${title} ends` },
    ],
  }).id;
}

const months = (v: HistoryPageView) => v.months.map((m) => m.month);
const titlesIn = (v: HistoryPageView, month: string) => v.months.find((m) => m.month === month)!.events.map((e) => e.title);

describe('historyPageView', () => {
  it('an empty page has the current month only', () => {
    const v = ok();
    expect(v.months).toEqual([{ month: '2026-11', label: 'November 2026', events: [] }]);
    expect(v.pager).toEqual({ page: 1, pages: 1 });
  });

  it(`shows months newest first, ${MONTHS_PER_PAGE} per page, back to the earliest event`, () => {
    expect(MONTHS_PER_PAGE).toBe(3);
    resolved('june', Date.UTC(2026, 5, 10, 12));
    resolved('november', Date.UTC(2026, 10, 2, 12));
    // June → November: 6 months, 2 pages.
    const p1 = ok('1');
    expect(months(p1)).toEqual(['2026-11', '2026-10', '2026-09']);
    expect(p1.months.map((m) => m.label)).toEqual(['November 2026', 'October 2026', 'September 2026']);
    expect(p1.pager).toEqual({ page: 1, pages: 2 });
    expect(titlesIn(p1, '2026-11')).toEqual(['november']);
    expect(titlesIn(p1, '2026-10')).toEqual([]);
    const p2 = ok('2');
    expect(months(p2)).toEqual(['2026-08', '2026-07', '2026-06']);
    expect(titlesIn(p2, '2026-06')).toEqual(['june']);
    expect(p2.pager).toEqual({ page: 2, pages: 2 });
  });

  it('stops at the earliest event’s month on the last page', () => {
    resolved('may', Date.UTC(2026, 4, 20, 12));
    const p3 = ok('3');
    expect(p3.pager).toEqual({ page: 3, pages: 3 });
    expect(months(p3)).toEqual(['2026-05']);
  });

  it('lists events newest first within a month, latest update only', () => {
    resolved('early', Date.UTC(2026, 10, 2, 12));
    resolved('late', Date.UTC(2026, 10, 20, 12));
    resolved('middle', Date.UTC(2026, 10, 10, 12));
    const v = ok();
    expect(titlesIn(v, '2026-11')).toEqual(['late', 'middle', 'early']);
    const late = v.months[0]!.events[0]!;
    expect(late.updates).toHaveLength(1);
    expect(late.updates[0]!.html).toBe('<p>late ends</p>\n');
  });

  it('puts an event in its page-zone month: 2026-03-01T02:00Z is February in New York', () => {
    page(t.db, 'Acme', 'America/New_York', NOW);
    resolved('edge', Date.UTC(2026, 2, 1, 2), 'America/New_York');
    // Feb → Nov is 10 months: 4 pages; Feb is alone on the last.
    const last = ok('4');
    expect(last.pager).toEqual({ page: 4, pages: 4 });
    expect(months(last)).toEqual(['2026-02']);
    expect(titlesIn(last, '2026-02')).toEqual(['edge']);
    expect(months(ok('3'))).toEqual(['2026-05', '2026-04', '2026-03']);
    expect(titlesIn(ok('3'), '2026-03')).toEqual([]);
  });

  it('cuts months in the page zone within a page and across pages', () => {
    page(t.db, 'Acme', 'America/New_York', NOW);
    // 2026-11-01T02:00Z is Oct 31, 22:00 EDT; 2026-09-01T02:00Z is Aug 31, 22:00 EDT.
    resolved('halloween', Date.UTC(2026, 10, 1, 2), 'America/New_York');
    resolved('end of august', Date.UTC(2026, 8, 1, 2), 'America/New_York');
    resolved('november', Date.UTC(2026, 10, 1, 5), 'America/New_York'); // Nov 1, 01:00 EDT
    const p1 = ok('1');
    expect(titlesIn(p1, '2026-11')).toEqual(['november']);
    expect(titlesIn(p1, '2026-10')).toEqual(['halloween']);
    expect(titlesIn(p1, '2026-09')).toEqual([]);
    expect(titlesIn(ok('2'), '2026-08')).toEqual(['end of august']);
  });

  it('…and March in UTC', () => {
    resolved('edge', Date.UTC(2026, 2, 1, 2));
    // Mar → Nov is 9 months: 3 pages.
    const last = ok('3');
    expect(last.pager).toEqual({ page: 3, pages: 3 });
    expect(months(last)).toEqual(['2026-05', '2026-04', '2026-03']);
    expect(titlesIn(last, '2026-03')).toEqual(['edge']);
  });

  it('an event late on the last day of a month on the previous page stays there', () => {
    resolved('oct 31', Date.UTC(2026, 9, 31, 23, 30)); // still October in UTC
    resolved('aug 31', Date.UTC(2026, 7, 31, 23, 59));
    const p1 = ok('1');
    expect(titlesIn(p1, '2026-10')).toEqual(['oct 31']);
    expect(p1.months.flatMap((m) => m.events.map((e) => e.title))).not.toContain('aug 31');
    expect(titlesIn(ok('2'), '2026-08')).toEqual(['aug 31']);
  });

  it('leaves maintenance still to come out of history, this month’s and next month’s alike; a past one stays', () => {
    const later = (title: string, from: number) =>
      maintenance(t.db, { title, scheduledFor: from, scheduledUntil: from + 2 * HOUR, componentIds: [], steps: [{ at: NOW - DAY, status: 'scheduled', body: 'x' }] });
    later('later this month', Date.UTC(2026, 10, 28, 2));
    later('next month', Date.UTC(2026, 11, 5, 2));
    const done = maintenance(t.db, {
      title: 'done',
      scheduledFor: NOW - 3 * DAY,
      scheduledUntil: NOW - 3 * DAY + HOUR,
      componentIds: [],
      steps: [
        { at: NOW - 4 * DAY, status: 'scheduled', body: 'x' },
        { at: NOW - 3 * DAY + HOUR, status: 'completed', body: 'y' },
      ],
    });
    const v = ok();
    expect(months(v)).toEqual(['2026-11']);
    expect(v.months[0]!.events.map((e) => e.id)).toEqual([done.id]);
    expect(v.pager).toEqual({ page: 1, pages: 1 });
  });

  describe(`at most ${EVENTS_PER_PAGE} events a page`, () => {
    /** `n` incidents an hour apart, the newest at `newest`; titles `${prefix}${i}`, i = 0 the newest. */
    function many(prefix: string, n: number, newest: number): string[] {
      return Array.from({ length: n }, (_, i) => {
        resolved(`${prefix}${i}`, newest - i * HOUR);
        return `${prefix}${i}`;
      });
    }
    const all = (v: HistoryPageView) => v.months.flatMap((m) => m.events.map((e) => e.title));

    it('splits three busy months over as many pages as they need, each month shown once, every event once', () => {
      expect(EVENTS_PER_PAGE).toBe(50);
      const november = many('nov', 120, Date.UTC(2026, 10, 20, 12));
      resolved('october', Date.UTC(2026, 9, 10, 12));
      resolved('august', Date.UTC(2026, 7, 10, 12));
      // Nov–Sep: 121 events on 3 pages (50, 50, 21); Aug on a fourth.
      const [p1, p2, p3, p4] = ['1', '2', '3', '4'].map((p) => ok(p));
      for (const p of [p1, p2, p3, p4]) expect(p!.pager.pages).toBe(4);
      expect(months(p1!)).toEqual(['2026-11']);
      expect(all(p1!)).toEqual(november.slice(0, 50));
      expect(months(p2!)).toEqual(['2026-11']);
      expect(all(p2!)).toEqual(november.slice(50, 100));
      expect(months(p3!)).toEqual(['2026-11', '2026-10', '2026-09']);
      expect(titlesIn(p3!, '2026-11')).toEqual(november.slice(100));
      expect(titlesIn(p3!, '2026-10')).toEqual(['october']);
      expect(titlesIn(p3!, '2026-09')).toEqual([]);
      expect(months(p4!)).toEqual(['2026-08']);
      expect(titlesIn(p4!, '2026-08')).toEqual(['august']);
      expect(ok('999').pager).toEqual({ page: 4, pages: 4 });
    });

    it('shows an empty month between two pages on the later one', () => {
      many('nov', 50, Date.UTC(2026, 10, 20, 12));
      many('sep', 10, Date.UTC(2026, 8, 20, 12));
      const p1 = ok('1');
      expect(p1.pager).toEqual({ page: 1, pages: 2 });
      expect(months(p1)).toEqual(['2026-11']);
      expect(all(p1)).toHaveLength(50);
      const p2 = ok('2');
      expect(months(p2)).toEqual(['2026-10', '2026-09']);
      expect(titlesIn(p2, '2026-10')).toEqual([]);
      expect(titlesIn(p2, '2026-09')).toHaveLength(10);
    });

    it('counts no upcoming maintenance among a busy month’s events', () => {
      many('nov', 50, Date.UTC(2026, 10, 20, 12));
      maintenance(t.db, {
        title: 'next month',
        scheduledFor: Date.UTC(2026, 11, 5, 2),
        scheduledUntil: Date.UTC(2026, 11, 5, 4),
        componentIds: [],
        steps: [{ at: NOW - DAY, status: 'scheduled', body: 'x' }],
      });
      const p1 = ok('1');
      expect(p1.pager.pages).toBe(1);
      expect(all(p1)).toEqual(Array.from({ length: 50 }, (_, i) => `nov${i}`));
    });
  });

  it.each(['abc', '0', '-1', '2.5', 'page', '%20'])('is bad_request for page=%j', (raw) => {
    resolved('x', Date.UTC(2026, 10, 2, 12));
    const r = historyPageView(t.db, raw, NOW);
    expect(r.kind).toBe('bad_request');
    if (r.kind !== 'ok') expect(r.message).toMatch(/page/);
  });

  it.each(['999', '5', '100000'])('clamps page=%s to the last page', (raw) => {
    resolved('june', Date.UTC(2026, 5, 10, 12));
    const v = ok(raw);
    expect(v.pager).toEqual({ page: 2, pages: 2 });
    expect(months(v)).toEqual(['2026-08', '2026-07', '2026-06']);
    expect(titlesIn(v, '2026-06')).toEqual(['june']);
  });

  it('cuts "this month" in the page zone', () => {
    page(t.db, 'Acme', 'America/New_York', NOW);
    // Dec 1 03:00 UTC is still Nov 30 in New York.
    const v = ok(null, Date.UTC(2026, 11, 1, 3));
    expect(months(v)).toEqual(['2026-11']);
    const utc = tempDatabase();
    try {
      const r = historyPageView(utc.db, null, Date.UTC(2026, 11, 1, 3));
      expect(r.kind === 'ok' && r.view.months.map((m) => m.month)).toEqual(['2026-12']);
    } finally {
      utc.dispose();
    }
  });
});

/**
 * An event stored centuries back (before dates were bounded) leaves thousands of empty windows:
 * every month still shows on exactly one page, and pages past a busy window count its slices.
 * (How fast such a page renders is measured by tests/bench/history-pages.ts.)
 */
describe('historyPageView with an event far in the past', () => {
  it('pages through the empty centuries month by month, the old event on the last page', () => {
    const NY = 'America/New_York';
    page(t.db, 'Acme', NY, NOW - 100 * DAY);
    resolved('roman', Date.parse('0100-01-01T12:00:00Z'), NY);
    resolved('recent', Date.UTC(2026, 10, 2, 12), NY);
    for (let i = 0; i < EVENTS_PER_PAGE + 1; i++) resolved(`busy ${i}`, Date.UTC(1990, 4, 1, 12) + i * HOUR, NY);
    // 0100-01 (local) → 2026-11: 23 123 months, 7 708 windows; May 1990 takes one extra page.
    const first = ok('1');
    expect(first.pager.pages).toBe(7709);
    expect(titlesIn(first, '2026-11')).toEqual(['recent']);
    // Window 146 holds 1990-05 … 1990-03; its two slices are pages 147 and 148.
    const may = ok('147');
    expect(months(may)).toEqual(['1990-05']);
    expect(may.months[0]!.events).toHaveLength(EVENTS_PER_PAGE);
    const rest = ok('148');
    expect(months(rest)).toEqual(['1990-05', '1990-04', '1990-03']);
    expect(titlesIn(rest, '1990-05')).toHaveLength(1);
    expect(months(ok('149'))).toEqual(['1990-02', '1990-01', '1989-12']);
    // Page 3000 is window 2998 (one extra page before it): 8 994 months back from 2026-11.
    expect(months(ok('3000'))).toEqual(['1277-05', '1277-04', '1277-03']);
    const last = ok('7709');
    expect(months(last)).toEqual(['0100-02', '0100-01']);
    expect(titlesIn(last, '0100-01')).toEqual(['roman']);
    expect(ok('99999').pager).toEqual({ page: 7709, pages: 7709 });
  });
});
