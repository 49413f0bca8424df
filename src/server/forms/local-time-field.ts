import { checkDateInBounds, type DateBounds } from '../../core/date-bounds.js';
import { parseDateTimeLocal } from '../../core/time.js';

export type LocalTimeField = { readonly ok: true; readonly at: number } | { readonly ok: false; readonly message: string };

/**
 * A datetime-local form value read on the page zone's wall clock (`bounds.timeZone`), with a
 * message a person can act on when it cannot be read: missing, malformed, a time the clocks
 * skipped in that zone, or outside the dates the page accepts.
 */
export function readLocalTime(raw: string | undefined, bounds: DateBounds): LocalTimeField {
  const { timeZone } = bounds;
  const value = (raw ?? '').trim();
  if (value === '') return { ok: false, message: 'Enter a date and time.' };
  const at = parseDateTimeLocal(value, timeZone);
  if (at !== null) {
    const outside = checkDateInBounds(at, bounds);
    return outside === null ? { ok: true, at } : { ok: false, message: outside };
  }
  // Readable on a clock without daylight saving: the value is fine, the zone skipped it.
  if (parseDateTimeLocal(value, 'UTC') !== null) return { ok: false, message: `That time does not exist in ${timeZone}: the clocks skipped it. Choose another.` };
  return { ok: false, message: 'Enter a date and time such as 2026-11-22T14:05.' };
}
