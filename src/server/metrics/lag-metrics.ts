import { Gauge, type Registry } from 'prom-client';
import { LAG_STATS, takeMainThreadLag } from './main-thread-lag.js';

/**
 * The main thread's event-loop delay since the previous scrape (main-thread-lag.ts): the delay a
 * cache hit can wait before it is answered. prom-client's `beacon_nodejs_eventloop_lag_*` describe
 * the site's thread, which renders misses, forms and admin pages.
 */
export function registerLagMetrics(registry: Registry): void {
  new Gauge({
    name: 'beacon_main_thread_eventloop_lag_seconds',
    help: "Event-loop delay of the thread answering cache hits, since the previous scrape: median (p50), p90, p99 and max. NaN when it has no sample yet.",
    labelNames: ['stat'] as const,
    registers: [registry],
    collect(): void {
      const lag = takeMainThreadLag();
      for (const stat of LAG_STATS) this.set({ stat }, lag[stat]);
    },
  });
}
