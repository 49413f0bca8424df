import { z } from 'zod';
import { toDateTimeLocal } from '../../core/time.js';
import { MESSAGE_MAX, type Parsed } from './incident-form.js';
import { FUTURE_TIME } from '../write/update-revision.js';
import { readLocalTime } from './local-time-field.js';
import type { DateBounds } from '../../core/date-bounds.js';

/** The posting limit: any update that could be posted can be corrected. */
export const EDIT_MESSAGE_MAX = MESSAGE_MAX;

const messageSchema = z
  .string({ required_error: 'Write a message for customers.' })
  .trim()
  .min(1, 'Write a message for customers.')
  .max(EDIT_MESSAGE_MAX, `Keep the message under ${EDIT_MESSAGE_MAX} characters.`);

export interface UpdateEditFields {
  readonly message: string;
  /** Epoch ms. */
  readonly displayAt: number;
}

/**
 * The edit form of one update. The time field edits whole minutes in the page's zone; when it
 * still shows the stored time, the stored instant is kept to the millisecond (and not bounded:
 * it is already there), so correcting
 * only the text never moves the update (or its status history) by a few seconds. Rules that
 * need the rest of the timeline (the start, the other updates) are the use-case's.
 */
export function parseUpdateEditForm(form: Record<string, string>, storedDisplayAt: number, bounds: DateBounds, now: number): Parsed<UpdateEditFields> {
  const errors: Record<string, string> = {};
  const message = messageSchema.safeParse(form.message);
  if (!message.success) errors.message = message.error.issues[0]!.message;
  const unchanged = (form.displayAt ?? '').trim() === toDateTimeLocal(storedDisplayAt, bounds.timeZone);
  const time = unchanged ? ({ ok: true, at: storedDisplayAt } as const) : readLocalTime(form.displayAt, bounds);
  if (!time.ok) errors.displayAt = time.message;
  else if (time.at > now) errors.displayAt = FUTURE_TIME;
  if (!message.success || !time.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { message: message.data, displayAt: time.at } };
}
