/**
 * A per-key sliding-window limit kept in memory: for public forms where a restart resetting the
 * count is acceptable (sign-in uses the persisted limiter in auth/rate-limit.ts instead).
 * Memory is bounded: the map holds at most `maxKeys` keys, the least recently used dropped first.
 */
export interface RateWindow {
  /** Counts an attempt for `key` at `now` (ms) and says whether it is within the limit. */
  take(key: string, now: number): boolean;
}

export function createRateWindow(limit: number, windowMs: number, maxKeys = 10_000): RateWindow {
  const hits = new Map<string, number[]>();
  return {
    take(key: string, now: number): boolean {
      const recent = (hits.get(key) ?? []).filter((t) => t > now - windowMs);
      if (recent.length >= limit) {
        hits.set(key, recent);
        return false;
      }
      recent.push(now);
      hits.delete(key);
      // Oldest-touched keys go first when full (Map keeps insertion order).
      if (hits.size >= maxKeys) hits.delete(hits.keys().next().value!);
      hits.set(key, recent);
      return true;
    },
  };
}
