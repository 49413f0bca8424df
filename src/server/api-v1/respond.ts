import { errorBody } from './errors.js';

/** Methods and headers a browser script may use against /api/v1 (tokens travel in a header, never a cookie). */
export const API_V1_CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'Authorization, Content-Type, Idempotency-Key, If-None-Match',
  'access-control-expose-headers': 'Retry-After, Idempotent-Replayed, Location',
  'access-control-max-age': '86400',
} as const;

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  // Answers are per token and change with every write: never stored by a proxy or a browser.
  'cache-control': 'no-store',
  'access-control-allow-origin': '*',
  'access-control-expose-headers': API_V1_CORS['access-control-expose-headers'],
} as const;

export function jsonResponse(status: number, body: string, extra: Readonly<Record<string, string>> = {}, head = false): Response {
  const empty = status === 204 || head;
  return new Response(empty ? null : body, { status, headers: { ...JSON_HEADERS, ...extra } });
}

export function apiErrorResponse(status: number, message: string, extra: Readonly<Record<string, string>> = {}): Response {
  return jsonResponse(status, JSON.stringify(errorBody(message)), extra);
}

export function apiV1Preflight(): Response {
  return new Response(null, { status: 204, headers: { ...API_V1_CORS, allow: 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS' } });
}
