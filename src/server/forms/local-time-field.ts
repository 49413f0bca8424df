import { parseDateTimeLocal } from '../../core/time.js';

export type LocalTimeField = { readonly ok: true; readonly at: number } | { readonly ok: false; readonly message: string };

/**
 * A datetime-local form value read on the page zone's wall clock, with a message a person can
 * act on when it cannot be read: missing, malformed, or a time the clocks skipped in that zone.
 */
export function readLocalTime(raw: string | undefined, timeZone: string): LocalTimeField {
  const value = (raw ?? '').trim();
  if (value === '') return { ok: false, message: 'Enter a date and time.' };
  const at = parseDateTimeLocal(value, timeZone);
  if (at !== null) return { ok: true, at };
  // Readable on a clock without daylight saving: the value is fine, the zone skipped it.
  if (parseDateTimeLocal(value, 'UTC') !== null) return { ok: false, message: `That time does not exist in ${timeZone}: the clocks skipped it. Choose another.` };
  return { ok: false, message: 'Enter a date and time such as 2026-11-22T14:05.' };
}
