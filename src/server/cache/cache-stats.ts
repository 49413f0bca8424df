/**
 * How the fast path answered, counted for /metrics. The fast path runs on the server's main
 * thread and /metrics in the site's thread, so the counts live in shared memory: one array per
 * process, found through globalThis (as the signals are) and handed to the site thread.
 */
export const CACHE_RESULTS = ['hit', 'not_modified', 'miss', 'uncacheable'] as const;
export type CacheResult = (typeof CACHE_RESULTS)[number];

const KEY = Symbol.for('beacon.cache-stats');

/**
 * Responses since the process started, indexed in CACHE_RESULTS order; the same array on every
 * call. Float64: exact to 2^53, where a 32-bit count would wrap within days of heavy traffic.
 * Only the fast path's thread writes, so plain increments are safe.
 */
export function cacheStats(): Float64Array {
  const g = globalThis as { [KEY]?: Float64Array };
  return (g[KEY] ??= new Float64Array(new SharedArrayBuffer(CACHE_RESULTS.length * Float64Array.BYTES_PER_ELEMENT)));
}

/** Makes this thread read and write the counts of the thread that started it. */
export function shareCacheStats(counts: Float64Array): void {
  (globalThis as { [KEY]?: Float64Array })[KEY] = counts;
}

export const cacheResultIndex = (result: CacheResult): number => CACHE_RESULTS.indexOf(result);
