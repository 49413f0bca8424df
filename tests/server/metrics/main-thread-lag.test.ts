import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { registerLagMetrics } from '../../../src/server/metrics/lag-metrics.js';
import { LAG_STATS, mainThreadLag, measureMainThreadLag, takeMainThreadLag } from '../../../src/server/metrics/main-thread-lag.js';

const PUBLISH_MS = 40;
let stop: (() => void) | null = null;

afterEach(() => {
  stop?.();
  stop = null;
  mainThreadLag().stats.fill(NaN);
  Atomics.store(mainThreadLag().reset, 0, 0);
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Holds the event loop for `ms`, as a long synchronous task on the hit path would. */
function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('main-thread event-loop delay', () => {
  it('has no figures before a window has a sample', () => {
    expect(Object.values(takeMainThreadLag()).every(Number.isNaN)).toBe(true);
  });

  it('reports a stall of the loop as the window’s max, in seconds, with the percentiles below it', async () => {
    stop = measureMainThreadLag(PUBLISH_MS);
    await sleep(30);
    block(150);
    await sleep(3 * PUBLISH_MS);
    const lag = takeMainThreadLag();
    expect(lag.max).toBeGreaterThanOrEqual(0.1);
    expect(lag.max).toBeLessThan(5);
    expect(lag.p50).toBeLessThanOrEqual(lag.p90);
    expect(lag.p90).toBeLessThanOrEqual(lag.p99);
    expect(lag.p99).toBeLessThanOrEqual(lag.max);
  });

  it('starts a new window after each take: an earlier stall is not reported again', async () => {
    stop = measureMainThreadLag(PUBLISH_MS);
    await sleep(30);
    block(400);
    await sleep(3 * PUBLISH_MS);
    expect(takeMainThreadLag().max).toBeGreaterThanOrEqual(0.3);
    await sleep(6 * PUBLISH_MS);
    const next = takeMainThreadLag();
    // Far below the stall, with room for a busy machine's own hiccups.
    expect(next.max).toBeLessThan(0.3);
    expect(Number.isNaN(next.max)).toBe(false);
  });

  it('does not report a window twice: a second take before the next publication gets no figures', async () => {
    stop = measureMainThreadLag(PUBLISH_MS);
    await sleep(3 * PUBLISH_MS);
    expect(Number.isNaN(takeMainThreadLag().max)).toBe(false);
    expect(Object.values(takeMainThreadLag()).every(Number.isNaN)).toBe(true);
  });

  it('does not count the sampling period as delay: an idle loop reports next to none', async () => {
    stop = measureMainThreadLag(PUBLISH_MS);
    await sleep(3 * PUBLISH_MS);
    const idle = takeMainThreadLag();
    expect(idle.p50).toBeGreaterThanOrEqual(0);
    // The 10 ms between samples would put an idle p50 at about 0.010 s.
    expect(idle.p50).toBeLessThan(0.008);
  });

  it('is exposed on /metrics as one gauge per figure, and a scrape starts a new window', async () => {
    const { stats, reset } = mainThreadLag();
    LAG_STATS.forEach((_, i) => (stats[i] = (i + 1) / 100));
    const registry = new Registry();
    registerLagMetrics(registry);
    const text = await registry.metrics();
    expect(text).toContain('beacon_main_thread_eventloop_lag_seconds{stat="p50"} 0.01');
    expect(text).toContain('beacon_main_thread_eventloop_lag_seconds{stat="p99"} 0.03');
    expect(text).toContain('beacon_main_thread_eventloop_lag_seconds{stat="max"} 0.04');
    expect(Atomics.load(reset, 0)).toBe(1);
  });
});
