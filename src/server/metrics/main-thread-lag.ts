import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Event-loop delay of the server's main thread, the one whose fast path answers every cache hit.
 * /metrics runs on the site's thread, and prom-client's default lag metrics describe that thread's
 * loop, so the main thread's figures cross in shared memory: the figures in LAG_STATS order
 * (seconds), then a flag the reader raises to start a new window.
 *
 * A window runs from one scrape to the next, as prom-client's own lag metrics do. The main thread
 * publishes every PUBLISH_MS, so a scrape sees its window up to that long ago; the samples of that
 * last stretch fall between two windows and are not counted.
 */
export const LAG_STATS = ['p50', 'p90', 'p99', 'max'] as const;
export type LagStat = (typeof LAG_STATS)[number];

export const PUBLISH_MS = 1_000;

export interface MainThreadLag {
  /** Seconds, LAG_STATS order; NaN until a window has a sample. */
  readonly stats: Float64Array;
  /** [0] = 1 once read: the next publication starts a new window. */
  readonly reset: Int32Array;
}

const KEY = Symbol.for('beacon.main-thread-lag');

/** This process's shared figures; the same on every call (the site thread adopts its parent's). */
export function mainThreadLag(): MainThreadLag {
  const g = globalThis as { [KEY]?: MainThreadLag };
  if (!g[KEY]) {
    const buffer = new SharedArrayBuffer(LAG_STATS.length * Float64Array.BYTES_PER_ELEMENT + Int32Array.BYTES_PER_ELEMENT);
    g[KEY] = { stats: new Float64Array(buffer, 0, LAG_STATS.length).fill(NaN), reset: new Int32Array(buffer, LAG_STATS.length * Float64Array.BYTES_PER_ELEMENT, 1) };
  }
  return g[KEY];
}

/** Makes this thread read the figures of the thread that started it. */
export function shareMainThreadLag(lag: MainThreadLag): void {
  (globalThis as { [KEY]?: MainThreadLag })[KEY] = lag;
}

/** The current window's figures, then a new window: what a scrape does. */
export function takeMainThreadLag(): Readonly<Record<LagStat, number>> {
  const { stats, reset } = mainThreadLag();
  const taken = Object.fromEntries(LAG_STATS.map((stat, i) => [stat, stats[i]!])) as Record<LagStat, number>;
  Atomics.store(reset, 0, 1);
  return taken;
}

/** Starts measuring the calling thread's event-loop delay into the shared figures; returns stop. */
export function measureMainThreadLag(publishMs: number = PUBLISH_MS): () => void {
  // 10 ms: the finest resolution worth its wake-ups; delays are reported beyond it.
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const { stats, reset } = mainThreadLag();
  const timer = setInterval(() => {
    if (Atomics.exchange(reset, 0, 0) === 1) {
      histogram.reset();
      stats.fill(NaN);
    }
    if (histogram.count === 0) return;
    const ns: Record<LagStat, number> = { p50: histogram.percentile(50), p90: histogram.percentile(90), p99: histogram.percentile(99), max: histogram.max };
    LAG_STATS.forEach((stat, i) => (stats[i] = ns[stat] / 1e9));
  }, publishMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    histogram.disable();
  };
}
