import { createHash } from 'node:crypto';

export interface CacheableBody {
  readonly body: string;
  readonly contentType: string;
  readonly status?: number;
  /** Seconds shared caches and clients may reuse the answer; revalidation is cheap thanks to the ETag. */
  readonly maxAgeSeconds: number;
  /** Allow any site to read the answer (public API, badges). */
  readonly cors?: boolean;
}

/** Strong ETag: a digest of the exact bytes sent. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/** Whether an If-None-Match header (a list, possibly weak, or *) matches the ETag. */
export function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

/** A GET/HEAD answer with ETag, Cache-Control and optional CORS; 304 when the client already has it. */
export function cacheableResponse(request: Request, r: CacheableBody): Response {
  const etag = etagOf(r.body);
  const headers = new Headers({
    'content-type': r.contentType,
    etag,
    'cache-control': `public, max-age=${r.maxAgeSeconds}`,
  });
  if (r.cors) headers.set('access-control-allow-origin', '*');
  if ((r.status ?? 200) === 200 && matchesIfNoneMatch(request.headers.get('if-none-match'), etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(r.body, { status: r.status ?? 200, headers });
}

/** 405 for anything but GET and HEAD on a read-only route, saying what is allowed. */
export function methodNotAllowed(method: string, cors = true): Response {
  const headers = new Headers({ allow: 'GET, HEAD', 'content-type': 'application/json; charset=utf-8' });
  if (cors) headers.set('access-control-allow-origin', '*');
  return new Response(JSON.stringify({ error: `Method ${method} is not allowed here; use GET or HEAD.` }), {
    status: 405,
    headers,
  });
}

/** A JSON error body a person can read, e.g. { "error": "There is no component called “x”." }. */
export function jsonError(status: 400 | 404, message: string): Response {
  return new Response(JSON.stringify({ error: message }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'access-control-allow-origin': '*' },
  });
}
