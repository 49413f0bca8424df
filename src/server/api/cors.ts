/**
 * What other sites' scripts may do with each API, answered to CORS preflights. v2 is the
 * read-only Statuspage-compatible API; v1 is the token-authenticated write API. The request
 * headers are those real clients send: conditional requests, cache directives, a token.
 */
const READ_HEADERS = ['Accept', 'Authorization', 'Cache-Control', 'Content-Type', 'If-Modified-Since', 'If-None-Match', 'Pragma', 'X-Requested-With'] as const;

export const API_CORS = {
  v1: { methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'], headers: [...READ_HEADERS, 'Idempotency-Key'] },
  v2: { methods: ['GET', 'HEAD'], headers: READ_HEADERS },
} as const satisfies Record<string, { methods: readonly string[]; headers: readonly string[] }>;

export type ApiVersion = keyof typeof API_CORS;

/** The API a path below /api/ belongs to ("v1/incidents" → v1); anything else is answered as v2. */
export const apiVersionOf = (path: string): ApiVersion => (path === 'v1' || path.startsWith('v1/') ? 'v1' : 'v2');

/** A CORS preflight's answer: any origin, the API's methods and request headers, cached a day. */
export function apiPreflight(version: ApiVersion): Response {
  const { methods, headers } = API_CORS[version];
  return new Response(null, {
    status: 204,
    headers: {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': methods.join(', '),
      'access-control-allow-headers': headers.join(', '),
      'access-control-max-age': '86400',
      allow: [...methods, 'OPTIONS'].join(', '),
    },
  });
}
