import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Event-loop delay of the server's main thread, the one whose fast path answers every cache hit.
 * /metrics runs on the site's thread, and prom-client's default lag metrics describe that thread's
 * loop, so the main thread's figures cross in shared memory: the figures in LAG_STATS order
 * (seconds), then a flag the reader raises to start a new window.
 *
 * A window runs from one scrape to the next, as prom-client's own lag metrics do. The main thread
 * publishes every PUBLISH_MS, so a scrape sees its window up to that long ago, and the samples of
 * that last stretch are not counted; a second scrape before the next publication gets NaN rather
 * than the figures already reported.
 */
export const LAG_STATS = ['p50', 'p90', 'p99', 'max'] as const;
export type LagStat = (typeof LAG_STATS)[number];

export const PUBLISH_MS = 250;

/** How often the delay is sampled, ms; the sampling period itself is not delay and is taken off. */
const RESOLUTION_MS = 10;

export interface MainThreadLag {
  /** Seconds, LAG_STATS order; NaN until a window has a sample. */
  readonly stats: Float64Array;
  /** [0] = 1 once read: the figures were reported, and the next publication starts a new window. */
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
  // Already taken since the last publication: those figures were reported once.
  if (Atomics.exchange(reset, 0, 1) === 1) return Object.fromEntries(LAG_STATS.map((stat) => [stat, NaN])) as Record<LagStat, number>;
  return taken;
}

/** Starts measuring the calling thread's event-loop delay into the shared figures; returns stop. */
export function measureMainThreadLag(publishMs: number = PUBLISH_MS): () => void {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const { stats, reset } = mainThreadLag();
  const timer = setInterval(() => {
    if (Atomics.load(reset, 0) === 1) {
      // Blank the reported figures before lowering the flag: a scrape in between must not take them again.
      stats.fill(NaN);
      histogram.reset();
      Atomics.store(reset, 0, 0);
    }
    if (histogram.count === 0) return;
    const ns: Record<LagStat, number> = { p50: histogram.percentile(50), p90: histogram.percentile(90), p99: histogram.percentile(99), max: histogram.max };
    LAG_STATS.forEach((stat, i) => (stats[i] = Math.max(0, ns[stat] / 1e6 - RESOLUTION_MS) / 1000));
  }, publishMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    histogram.disable();
  };
}
