/**
 * Paths whose responses are the same for every visitor and change only when content does:
 * everything public except what involves a person (admin, subscription links) or must be live
 * per request (/health, /metrics), or answers per token (/api/v1, whose answers are also no-store:
 * listed here too so no token-authenticated answer can ever be kept). Query strings are part of the
 * key, so they are allowed.
 */
const NEVER_CACHED = [/^\/api\/v1(\/|$)/, /^\/admin(\/|$)/, /^\/subscribe(\/|$)/, /^\/subscriptions\//, /^\/unsubscribe\//, /^\/health$/, /^\/metrics$/];

const verdicts = new Map<string, boolean>();

export function isCacheablePath(pathname: string): boolean {
  let cacheable = verdicts.get(pathname);
  if (cacheable === undefined) {
    cacheable = !NEVER_CACHED.some((re) => re.test(pathname));
    // Bounded: request paths are chosen by whoever sends them.
    if (verdicts.size >= 1_024) verdicts.clear();
    verdicts.set(pathname, cacheable);
  }
  return cacheable;
}

/** Content types worth keeping in memory and compressing. */
const CACHEABLE_TYPES = /^(text\/(html|css|plain|xml|javascript)|application\/(json|javascript|xml|rss\+xml|atom\+xml|feed\+json)|image\/svg\+xml)\b/i;

/** Whether a body of this type shrinks when compressed (text, not images or archives). */
export const isCompressible = (contentType: string | null | undefined): boolean => CACHEABLE_TYPES.test(contentType ?? '');

/**
 * Whether a rendered response may be stored: a full 200 for anyone (no cookie set, not marked
 * private or no-store) of a type we serve from memory.
 */
export function isStorable(status: number, headers: Headers): boolean {
  if (status !== 200) return false;
  if (headers.has('set-cookie')) return false;
  if (/\b(no-store|private)\b/i.test(headers.get('cache-control') ?? '')) return false;
  return isCompressible(headers.get('content-type'));
}
