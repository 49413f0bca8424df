import { Counter, type Registry } from 'prom-client';
import { CACHE_RESULTS, cacheStats } from '../cache/cache-stats.js';

/**
 * The fast path's answers: requests it serves never reach the site's middleware, so the HTTP
 * request metrics do not see them. Read from the shared counts at each scrape.
 */
export function registerCacheMetrics(registry: Registry): void {
  new Counter({
    name: 'beacon_cache_responses_total',
    help: 'Public GET/HEAD requests answered by the fast path before the site runs: from memory (hit), 304 (not_modified), rendered and stored (miss), rendered but not storable (uncacheable).',
    labelNames: ['result'] as const,
    registers: [registry],
    collect(): void {
      const counts = cacheStats();
      this.reset();
      CACHE_RESULTS.forEach((result, i) => this.inc({ result }, counts[i]!));
    },
  });
}
