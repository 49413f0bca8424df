import type { z } from 'zod/v4';
import { ApiError } from './errors.js';

/** One sentence naming the first field that is wrong, e.g. `incident.status: Invalid option: …`. */
export function describeIssues(error: z.ZodError, where: 'body' | 'query'): string {
  const issue = error.issues[0]!;
  const field = issue.path.map(String).join('.');
  const subject = field === '' ? (where === 'body' ? 'The request body' : 'The query') : `The field “${field}”`;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  return `${subject} is not valid: ${issue.message}${more}.`;
}

/**
 * The request's JSON body, parsed and validated: 400 when it is not JSON, 422 naming the field
 * when a value has the wrong type or an unknown enum value. An empty body counts as `{}`, so the
 * answer names what is missing rather than complaining about syntax.
 */
export function parseBody<S extends z.ZodType>(schema: S, text: string): z.output<S> {
  let raw: unknown = {};
  if (text.trim() !== '') {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new ApiError(400, 'The request body is not valid JSON. Send a JSON object such as {"incident": {"name": "…"}} with Content-Type: application/json.');
    }
  }
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
