/**
 * How the fast path answered, counted for /metrics. The fast path runs in the server's own module
 * graph and /metrics in the site's (two graphs, one process), so the counts live on globalThis
 * under a registered symbol, as the signals do.
 */
export const CACHE_RESULTS = ['hit', 'not_modified', 'miss', 'uncacheable'] as const;
export type CacheResult = (typeof CACHE_RESULTS)[number];

const KEY = Symbol.for('beacon.cache-stats');

/** Responses since the process started, by result; the same object on every call. */
export function cacheStats(): Record<CacheResult, number> {
  const g = globalThis as { [KEY]?: Record<CacheResult, number> };
  return (g[KEY] ??= { hit: 0, not_modified: 0, miss: 0, uncacheable: 0 });
}
