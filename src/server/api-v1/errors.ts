/**
 * A refusal the API answers with a status and a sentence. The body carries the sentence twice:
 * `message` as Statuspage's OpenAPI file names it (ErrorEntity) and `error` as its live responses do.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export interface ErrorBody {
  readonly message: string;
  readonly error: string;
}

export function errorBody(message: string): ErrorBody {
  return { message, error: message };
}
