import { errorBody } from './errors.js';

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  // Answers are per token and change with every write: never stored by a proxy or a browser.
  'cache-control': 'no-store',
  'access-control-allow-origin': '*',
  // What a browser script may read of an answer (the preflight's side is in ../api/cors.ts).
  'access-control-expose-headers': 'Retry-After, Idempotent-Replayed, Location',
} as const;

export function jsonResponse(status: number, body: string, extra: Readonly<Record<string, string>> = {}, head = false): Response {
  const empty = status === 204 || head;
  return new Response(empty ? null : body, { status, headers: { ...JSON_HEADERS, ...extra } });
}

export function apiErrorResponse(status: number, message: string, extra: Readonly<Record<string, string>> = {}): Response {
  return jsonResponse(status, JSON.stringify(errorBody(message)), extra);
}
