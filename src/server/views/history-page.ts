import type { Db } from '../../../db/client.js';
import { formatMonthKey } from '../../core/format.js';
import { clampPage, pageCount, parsePageParam } from '../../core/pagination.js';
import { addMonths, monthKeyOf, monthsBetween, startOfDay } from '../../core/time.js';
import { countEventsBetween, earliestEventAt, latestEventBefore, pageOfEventsBetween } from '../read/events.js';
import { readPageSettings } from '../settings.js';
import { layoutView, type ViewResult } from './common.js';
import { loadEventViews, type EventView } from './event-view.js';
import type { Pager } from './pager.js';

export const MONTHS_PER_PAGE = 3;
/** At most this many events on one page: more in three months split them over several pages. */
export const EVENTS_PER_PAGE = 50;

export interface MonthView {
  readonly month: string;
  readonly label: string;
  readonly events: readonly EventView[];
}

export interface HistoryPageView {
  readonly months: readonly MonthView[];
  readonly pager: Pager;
}

interface MonthWindow {
  /** 0 for the newest three months, 1 for the three before, … */
  readonly index: number;
  /** Months newest first, none before the earliest event's. */
  readonly months: readonly string[];
  /** Instants [from, to) the window's events happen in. */
  readonly from: number;
  readonly to: number;
  readonly events: number;
}

/**
 * Past incidents and maintenance, newest month first, three months a page; a three months with
 * more than EVENTS_PER_PAGE events take as many pages as they need, EVENTS_PER_PAGE events each,
 * so no page grows with the history (a busy page has hundreds of events a month).
 */
export function historyPageView(db: Db, rawPage: string | null, now: number): ViewResult<HistoryPageView> {
  const settings = readPageSettings(db, now);
  const layout = layoutView(settings);
  const tz = settings.timeZone;
  const page = parsePageParam(rawPage);
  if (!page.ok) return { kind: 'bad_request', layout, message: page.message };

  const thisMonth = monthKeyOf(now, tz);
  const earliest = earliestEventAt(db);
  const firstMonth = earliest === null ? thisMonth : monthKeyOf(Math.min(earliest, now), tz);
  const windowCount = pageCount(monthsBetween(firstMonth, thisMonth) + 1, MONTHS_PER_PAGE);
  const windowAt = (w: number): MonthWindow => {
    const newest = addMonths(thisMonth, -w * MONTHS_PER_PAGE);
    const months = Array.from({ length: MONTHS_PER_PAGE }, (_, i) => addMonths(newest, -i)).filter((m) => m >= firstMonth);
    const from = startOfDay(`${months[months.length - 1]!}-01`, tz);
    // History ends now: maintenance still to come is not a past entry (the home page announces it).
    const to = w === 0 ? now + 1 : startOfDay(`${addMonths(newest, 1)}-01`, tz);
    return { index: w, months, from, to, events: countEventsBetween(db, from, to) };
  };
  const busy = busyWindows(db, now, windowAt, (at) => Math.max(0, Math.floor(monthsBetween(monthKeyOf(at, tz), thisMonth) / MONTHS_PER_PAGE)));
  // An empty window takes one page; a busy one as many as its events need.
  const pages = windowCount + busy.reduce((n, w) => n + slicesOf(w) - 1, 0);
  const current = clampPage(page.page, pages);

  // The page numbers before a window are its index plus the extra pages of the busy windows before it.
  let extra = 0;
  let window: MonthWindow | undefined;
  let first = 0;
  for (const w of busy) {
    first = 1 + w.index + extra;
    if (current < first) break;
    if (current < first + slicesOf(w)) {
      window = w;
      break;
    }
    extra += slicesOf(w) - 1;
  }
  if (!window) {
    window = windowAt(current - 1 - extra);
    first = current;
  }
  const slice = current - first;
  const last = slice === slicesOf(window) - 1;
  // A slice after the first also reads the event before it, to know where the previous page stopped.
  const offset = slice * EVENTS_PER_PAGE;
  const read = pageOfEventsBetween(db, window.from, window.to, EVENTS_PER_PAGE + (slice > 0 ? 1 : 0), Math.max(0, offset - 1));
  const before = slice > 0 ? read[0] : undefined;
  const records = slice > 0 ? read.slice(1) : read;

  const newest = window.months[0]!;
  const monthOf = (at: number): string => monthKeyOf(at, tz);
  // A page of a split window starts where the previous one stopped (the same month again if it
  // goes on, else the month after it), and ends with its own oldest event's month unless it is
  // the window's last: every month, even an empty one, is shown on exactly one page.
  const stoppedAt = before && monthOf(before.sortAt);
  const top = !stoppedAt ? newest : records[0] && monthOf(records[0].sortAt) === stoppedAt ? stoppedAt : addMonths(stoppedAt, -1);
  const bottom = last || records.length === 0 ? window.months[window.months.length - 1]! : monthOf(records[records.length - 1]!.sortAt);
  const months = window.months.filter((m) => m <= top && m >= bottom);

  const views = loadEventViews(db, records, tz, now, 'latest');
  const byMonth = new Map<string, EventView[]>(months.map((m) => [m, []]));
  records.forEach((r, i) => byMonth.get(monthOf(r.sortAt))?.push(views[i]!));
  return {
    kind: 'ok',
    layout,
    view: {
      months: months.map((m) => ({ month: m, label: formatMonthKey(m), events: byMonth.get(m)! })),
      pager: { page: current, pages },
    },
  };
}

/**
 * The windows that hold events, newest first, found by jumping from each to the next older
 * event's window: as many queries as busy windows, however long the quiet stretches between
 * them (an event stored in year 100 leaves some 7 700 empty windows, which are never visited).
 */
function busyWindows(db: Db, now: number, windowAt: (w: number) => MonthWindow, indexOf: (at: number) => number): MonthWindow[] {
  const found: MonthWindow[] = [];
  // Upcoming maintenance (sorted by its start, later than now) is not history.
  let before = now + 1;
  for (let at = latestEventBefore(db, before); at !== null; at = latestEventBefore(db, before)) {
    const window = windowAt(indexOf(at));
    found.push(window);
    // Never at or after `at` again, even should the window's start and the month of `at` disagree.
    before = Math.min(window.from, at);
  }
  return found;
}

/** Pages a window of months takes: one, or one per EVENTS_PER_PAGE events. */
function slicesOf(window: MonthWindow): number {
  return pageCount(window.events, EVENTS_PER_PAGE);
}
