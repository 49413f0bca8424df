import { ApiError } from '../errors.js';

/**
 * The API's answer to a form parser's refusal: the admin form's own sentence, under the API's
 * name for the field (`fieldNames` maps form field → API path, e.g. `group` → `component.group_id`).
 * The first error is named and the count of others given, as for schema errors.
 */
export function formRefusal(errors: Readonly<Record<string, string>>, fieldNames: Readonly<Record<string, string>>): ApiError {
  const entries = Object.entries(errors);
  const [field, message] = entries[0] ?? ['form', 'The request is not valid.'];
  const name = fieldNames[field] ?? field;
  const more = entries.length > 1 ? ` (and ${entries.length - 1} more problem${entries.length > 2 ? 's' : ''})` : '';
  return new ApiError(422, `The field “${name}” is not valid: ${message.replace(/\.$/, '')}${more}.`);
}
