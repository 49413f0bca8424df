import { checkDateInBounds, checkDayInBounds } from '../../core/date-bounds.js';
import type { DayKey } from '../../core/time.js';
import { pageDateBounds } from '../settings.js';
import { ApiError } from './errors.js';
import type { PageContext } from './route.js';

/**
 * The API's side of the one date rule every way in shares (src/core/date-bounds.ts): New Year
 * twenty years before the page was created to five years from now. A refusal is a 422 naming the field.
 */
export function assertInstantInBounds(at: number, field: string, page: PageContext, now: number): void {
  const problem = checkDateInBounds(at, pageDateBounds(page.settings, now));
  if (problem !== null) throw new ApiError(422, `The field “${field}” is not valid: ${problem}`);
}

export function assertDayInBounds(day: DayKey, field: string, page: PageContext, now: number): void {
  const problem = checkDayInBounds(day, pageDateBounds(page.settings, now));
  if (problem !== null) throw new ApiError(422, `The field “${field}” is not valid: ${problem}`);
}
