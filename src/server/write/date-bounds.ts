import type { Db } from '../../../db/client.js';
import { checkDateInBounds, checkDayInBounds } from '../../core/date-bounds.js';
import { pageDateBounds, readPageSettings } from '../settings.js';
import { RejectedError } from './events.js';

/**
 * Refuses, before anything is written, an instant (epoch ms) or a day ('YYYY-MM-DD') outside
 * the dates the page accepts. Forms check field by field first; this is the guard for every
 * other caller of the use-cases (the write API, scripts).
 */
export function assertDatesInBounds(db: Db, dates: { readonly instants?: readonly number[]; readonly days?: readonly (string | null)[] }, now: number): void {
  const bounds = pageDateBounds(readPageSettings(db, now), now);
  for (const at of dates.instants ?? []) {
    const problem = checkDateInBounds(at, bounds);
    if (problem) throw new RejectedError(problem);
  }
  for (const day of dates.days ?? []) {
    const problem = day === null ? null : checkDayInBounds(day, bounds);
    if (problem) throw new RejectedError(problem);
  }
}
