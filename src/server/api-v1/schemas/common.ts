import { z } from 'zod/v4';
import { named } from '../registry.js';

/** An instant as Statuspage writes it: ISO 8601 with the page's zone offset. */
export const isoDateTime = z.string().meta({ format: 'date-time' });

export const ErrorEntity = named(
  'ErrorEntity',
  z.object({
    message: z.string(),
    error: z.string(),
  }),
  'A refusal: the same sentence as `message` (Statuspage’s OpenAPI file) and `error` (its live answers).',
);

/** Every route may answer these; each route adds what it can answer besides. */
export const AUTH_ERRORS = {
  401: { description: 'No token, or an unknown or revoked one.', schema: ErrorEntity },
  403: { description: 'The token’s scope does not allow this request.', schema: ErrorEntity },
  429: { description: 'Too many requests with this token; see Retry-After.', schema: ErrorEntity },
} as const;

export const NOT_FOUND = { 404: { description: 'No such page or object.', schema: ErrorEntity } } as const;
export const UNPROCESSABLE = {
  400: { description: 'The body is not JSON, or a query parameter is wrong.', schema: ErrorEntity },
  413: { description: 'The body is over the server’s limit (1 MiB); nothing was saved.', schema: ErrorEntity },
  415: { description: 'The body is multipart; send JSON or a form (application/x-www-form-urlencoded).', schema: ErrorEntity },
  422: { description: 'A field has the wrong type or value, or the change is not allowed; the sentence says which.', schema: ErrorEntity },
} as const;
