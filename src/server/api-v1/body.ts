import type { z } from 'zod/v4';
import { ApiError } from './errors.js';
import { parseFormBody } from './form-body.js';

/** One sentence naming the first field that is wrong, e.g. `incident.status: Invalid option: …`. */
export function describeIssues(error: z.ZodError, where: 'body' | 'query'): string {
  const issue = error.issues[0]!;
  const field = issue.path.map(String).join('.');
  const subject = field === '' ? (where === 'body' ? 'The request body' : 'The query') : `The field “${field}”`;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  return `${subject} is not valid: ${issue.message}${more}.`;
}

/** What a body's Content-Type says it is; anything but a form or multipart is read as JSON (curl users forget the header). */
function bodyKind(contentType: string | null, text: string): 'json' | 'form' | 'multipart' {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'multipart/form-data') return 'multipart';
  // `curl -d '{"incident": …}'` without -H sends JSON labelled as a form: read it as what it is.
  if (type === 'application/x-www-form-urlencoded' && !/^\s*[[{]/.test(text)) return 'form';
  return 'json';
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'The request body is not valid JSON. Send a JSON object such as {"incident": {"name": "…"}} with Content-Type: application/json.');
  }
}

/**
 * The request's body, parsed and validated: JSON first, or a form in Rails bracket notation
 * (application/x-www-form-urlencoded) as Statuspage's curl examples send. 400 when it cannot be
 * read, 415 for multipart, 422 naming the field when a value has the wrong type or an unknown
 * enum value. An empty body counts as `{}`, so the answer names what is missing rather than
 * complaining about syntax.
 */
export function parseBody<S extends z.ZodType>(schema: S, text: string, contentType: string | null): z.output<S> {
  const kind = bodyKind(contentType, text);
  if (kind === 'multipart') {
    throw new ApiError(415, 'Send the body as JSON (Content-Type: application/json) or as a form (application/x-www-form-urlencoded, as curl -d does), not multipart.');
  }
  const raw = kind === 'form' ? parseFormBody(schema, text) : parseJson(text);
  const result = schema.safeParse(raw);
  if (!result.success) throw new ApiError(422, describeIssues(result.error, 'body'));
  return result.data;
}

/** Query parameters (first value of each) validated against the route's schema: 400 when wrong. */
export function parseQuery<S extends z.ZodObject>(schema: S, params: URLSearchParams): z.output<S> {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = params.get(key);
    if (value !== null) raw[key] = value;
  }
  const result = schema.safeParse(raw);
  if (!result.success) throw new ApiError(400, describeIssues(result.error, 'query'));
  return result.data;
}
