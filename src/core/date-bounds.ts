import { formatDate } from './format.js';
import { dayKeyOf, isoYear, startOfDay, type DayKey } from './time.js';

/** How far before the page's creation a date may go: history older than the page, imported or backfilled. */
export const YEARS_BEFORE_PAGE = 20;
/** How far ahead a date may go: maintenance is planned months, not decades, ahead. */
export const YEARS_AHEAD = 5;

/** The instants a person or a tool may enter, epoch ms, both ends included; dates are read and quoted in `timeZone`. */
export interface DateBounds {
  readonly earliest: number;
  readonly latest: number;
  readonly timeZone: string;
}

/**
 * From the first day of the year YEARS_BEFORE_PAGE years before the page was created (in the
 * page's zone) to YEARS_AHEAD years after `now`. A date outside is a typo (0026 for 2026) or a
 * probe, and dates far outside the range break feeds, offsets and paging.
 */
export function dateBounds(pageCreatedAt: number, now: number, timeZone: string): DateBounds {
  const createdYear = Number(dayKeyOf(pageCreatedAt, timeZone).slice(0, -6));
  const ahead = new Date(now);
  ahead.setUTCFullYear(ahead.getUTCFullYear() + YEARS_AHEAD);
  return { earliest: startOfDay(`${isoYear(createdYear - YEARS_BEFORE_PAGE)}-01-01`, timeZone), latest: ahead.getTime(), timeZone };
}

/** "between Jan 1, 2006 and Dec 4, 2031", in the page's zone. */
function range(bounds: DateBounds): string {
  return `between ${formatDate(bounds.earliest, bounds.timeZone)} and ${formatDate(bounds.latest, bounds.timeZone)}`;
}

/** A sentence saying why `at` (epoch ms) is refused, or null when it is within the bounds. */
export function checkDateInBounds(at: number, bounds: DateBounds): string | null {
  if (!Number.isFinite(at)) return `That is not a date; choose one ${range(bounds)}.`;
  if (at < bounds.earliest) return `That date is too far in the past; choose one ${range(bounds)}.`;
  if (at > bounds.latest) return `That date is too far in the future; choose one ${range(bounds)}.`;
  return null;
}

/** As checkDateInBounds, for a calendar day ('YYYY-MM-DD') in the page's zone. */
export function checkDayInBounds(day: DayKey, bounds: DateBounds): string | null {
  const first = dayKeyOf(bounds.earliest, bounds.timeZone);
  const last = dayKeyOf(bounds.latest, bounds.timeZone);
  // Four-digit day keys sort as their days do; isDayKey admits no others.
  if (day < first) return `That date is too far in the past; choose one ${range(bounds)}.`;
  if (day > last) return `That date is too far in the future; choose one ${range(bounds)}.`;
  return null;
}
