import { fillTemplate } from '../../../core/template.js';
import { isDayKey, startOfDay } from '../../../core/time.js';
import { finalMessage, UNFILLED } from '../../forms/incident-submit.js';
import { MESSAGE_MAX, TITLE_MAX } from '../../forms/incident-form.js';
import type { placeholderValues } from '../../views/admin/incident-editor.js';
import { assertInstantInBounds } from '../date-bounds.js';
import { ApiError } from '../errors.js';
import type { PageContext } from '../route.js';

type PlaceholderValues = ReturnType<typeof placeholderValues>;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** An ISO 8601 instant with its offset, bounded; 422 naming the field otherwise. */
export function instantOf(value: string, field: string, page: PageContext, now: number): number {
  const at = ISO_INSTANT.test(value.trim()) ? Date.parse(value.trim()) : Number.NaN;
  if (Number.isNaN(at)) throw new ApiError(422, `The field “${field}” is not a time: write it as ISO 8601 with an offset, e.g. 2026-12-04T09:30:00Z.`);
  assertInstantInBounds(at, field, page, now);
  return at;
}

/** Statuspage's backfill_date: an instant, or a bare date meaning its midnight in the page's zone. */
export function dayOrInstantOf(value: string, field: string, page: PageContext, now: number): number {
  const trimmed = value.trim();
  if (!isDayKey(trimmed)) return instantOf(trimmed, field, page, now);
  const at = startOfDay(trimmed, page.settings.timeZone);
  assertInstantInBounds(at, field, page, now);
  return at;
}

/** The title with placeholders filled: 422 when empty, still holding a placeholder, or too long. */
export function finalTitle(raw: string | undefined, values: PlaceholderValues): string {
  const title = fillTemplate((raw ?? '').trim(), values);
  if (title === '') throw new ApiError(422, 'The field “incident.name” is missing: give the incident a name customers will understand.');
  if (UNFILLED.test(title)) throw new ApiError(422, 'The name still contains a placeholder: name the affected components, or write the name in your own words.');
  if (title.length > TITLE_MAX) throw new ApiError(422, `The field “incident.name” is too long: keep it under ${TITLE_MAX} characters (placeholders filled).`);
  return title;
}

/** The update text with placeholders filled as the admin form fills them: 422 when empty, unfilled or too long. */
export function finalBody(raw: string, values: PlaceholderValues, field = 'incident.body'): string {
  const message = finalMessage(raw.trim(), values);
  if (message.error) throw new ApiError(422, message.error);
  if (message.text === '') throw new ApiError(422, `The field “${field}” is empty: write a message for customers.`);
  if (message.text.length > MESSAGE_MAX) throw new ApiError(422, `The field “${field}” is too long: keep it under ${MESSAGE_MAX} characters.`);
  return message.text;
}

/** `{id: status}` without the entries that leave a component as it is (""). */
export function componentChangesOf<S extends string>(map: Readonly<Record<string, S | ''>> | undefined): { componentId: string; status: S }[] {
  return Object.entries(map ?? {}).flatMap(([componentId, status]) => (status === '' ? [] : [{ componentId, status: status as S }]));
}
