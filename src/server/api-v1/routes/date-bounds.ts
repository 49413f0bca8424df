import { dayKeyOf, type DayKey } from '../../../core/time.js';
import { ApiError } from '../errors.js';
import type { PageContext } from '../route.js';

/** Years before the page's creation year and after today that a date may lie in. */
const YEARS_BEFORE = 20;
const YEARS_AFTER = 5;

// date bounds: a local check until the shared one in src/core lands; swap this for it then.
/** Refuses (422, naming the field) a day outside [January 1st of the page's creation year − 20, today + 5 years]. */
export function assertDayInBounds(day: DayKey, field: string, page: PageContext, now: number): void {
  const zone = page.settings.timeZone;
  const first = `${Number(dayKeyOf(page.settings.createdAt, zone).slice(0, 4)) - YEARS_BEFORE}-01-01`;
  const today = dayKeyOf(now, zone);
  const last = `${Number(today.slice(0, 4)) + YEARS_AFTER}${today.slice(4)}`;
  if (day < first || day > last) {
    throw new ApiError(422, `The field “${field}” is not valid: ${day} is out of range; give a day from ${first} to ${last}.`);
  }
}
