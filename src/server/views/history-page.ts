import type { Db } from '../../../db/client.js';
import { formatMonthKey } from '../../core/format.js';
import { clampPage, pageCount, parsePageParam } from '../../core/pagination.js';
import { addMonths, monthKeyOf, startOfDay } from '../../core/time.js';
import { earliestEventAt, listEventsBetween } from '../read/events.js';
import { readPageSettings } from '../settings.js';
import { layoutView, type ViewResult } from './common.js';
import { loadEventViews, type EventView } from './event-view.js';
import type { Pager } from './pager.js';

export const MONTHS_PER_PAGE = 3;

export interface MonthView {
  readonly month: string;
  readonly label: string;
  readonly events: readonly EventView[];
}

export interface HistoryPageView {
  readonly months: readonly MonthView[];
  readonly pager: Pager;
}

function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm);
}

/** Past incidents and maintenance, newest month first, three months a page. */
export function historyPageView(db: Db, rawPage: string | null, now: number): ViewResult<HistoryPageView> {
  const settings = readPageSettings(db, now);
  const layout = layoutView(settings);
  const tz = settings.timeZone;
  const page = parsePageParam(rawPage);
  if (!page.ok) return { kind: 'bad_request', layout, message: page.message };

  const thisMonth = monthKeyOf(now, tz);
  const earliest = earliestEventAt(db);
  const firstMonth = earliest === null ? thisMonth : monthKeyOf(Math.min(earliest, now), tz);
  const pages = pageCount(monthsBetween(firstMonth, thisMonth) + 1, MONTHS_PER_PAGE);
  const current = clampPage(page.page, pages);

  const newest = addMonths(thisMonth, -(current - 1) * MONTHS_PER_PAGE);
  const months = Array.from({ length: MONTHS_PER_PAGE }, (_, i) => addMonths(newest, -i)).filter((m) => m >= firstMonth);
  const oldest = months[months.length - 1]!;
  const from = startOfDay(`${oldest}-01`, tz);
  // The newest page also shows what is scheduled later this month or beyond.
  const to = current === 1 ? Number.MAX_SAFE_INTEGER : startOfDay(`${addMonths(newest, 1)}-01`, tz);
  const records = listEventsBetween(db, from, to);
  const views = loadEventViews(db, records, tz, now, 'latest');
  const byMonth = new Map<string, EventView[]>(months.map((m) => [m, []]));
  records.forEach((r, i) => {
    // Maintenance scheduled beyond this month is listed under this month.
    (byMonth.get(monthKeyOf(r.sortAt, tz)) ?? byMonth.get(newest)!).push(views[i]!);
  });
  return {
    kind: 'ok',
    layout,
    view: {
      months: months.map((m) => ({ month: m, label: formatMonthKey(m), events: byMonth.get(m)! })),
      pager: { page: current, pages },
    },
  };
}
