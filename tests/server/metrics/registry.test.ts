import { describe, expect, it } from 'vitest';
import { register as globalRegistry } from 'prom-client';
import { createMetrics } from '../../../src/server/metrics/registry.js';
import { recordRequest } from '../../../src/server/metrics/request-recorder.js';
import { appMetrics } from '../../../src/server/metrics/registry.js';
import { tempDatabase } from '../../helpers/db.js';

describe('createMetrics', () => {
  it('builds independent registries with prefixed process metrics, leaving the global one alone', async () => {
    const t = tempDatabase();
    try {
      const a = createMetrics(() => t.db);
      // A second set must not collide with the first (tests, dev reloads).
      const b = createMetrics(() => t.db);
      const text = await a.registry.metrics();
      expect(text).toMatch(/^# TYPE beacon_process_cpu_user_seconds_total counter$/m);
      expect(text).toMatch(/^# TYPE beacon_nodejs_heap_size_used_bytes gauge$/m);
      expect(text).toMatch(/^# TYPE beacon_http_requests_total counter$/m);
      expect(text).toMatch(/^# TYPE beacon_component_status gauge$/m);
      expect(text).not.toMatch(/^process_cpu/m);
      expect(await b.registry.getSingleMetricAsString('beacon_open_incidents')).toMatch(/^beacon_open_incidents 0$/m);
      expect(await globalRegistry.getMetricsAsJSON()).toEqual([]);
    } finally {
      t.dispose();
    }
  });
});

describe('the exposition’s names', () => {
  // Regression: prom-client's nodejs_active_{handles,requests,resources}_total are gauges, and
  // `promtool check metrics` refuses a gauge named like a counter.
  it('has no metric but a counter ending in _total, and keeps the per-type gauges whose sums they were', async () => {
    const t = tempDatabase();
    try {
      const metrics = await createMetrics(() => t.db).registry.getMetricsAsJSON();
      const misnamed = metrics.filter((m) => m.name.endsWith('_total') && String(m.type) !== 'counter').map((m) => m.name);
      expect(misnamed).toEqual([]);
      const names = metrics.map((m) => m.name);
      for (const name of ['beacon_nodejs_active_handles', 'beacon_nodejs_active_requests', 'beacon_nodejs_active_resources']) expect(names).toContain(name);
    } finally {
      t.dispose();
    }
  });
});

describe('recordRequest', () => {
  /** How often the process-wide counter saw this route. */
  async function seen(route: string): Promise<number> {
    const metric = (await appMetrics().registry.getMetricsAsJSON()).find((m) => m.name === 'beacon_http_requests_total')!;
    return metric.values.filter((v) => v.labels.route === route).reduce((n, v) => n + v.value, 0);
  }

  it('counts a request once even when Astro runs the middleware again for its error page', async () => {
    const request = new Request('http://localhost/components/nope');
    recordRequest(request, '/components/[slug]', 404, performance.now());
    recordRequest(request, '/404', 404, performance.now());
    expect(await seen('/components/[slug]')).toBe(1);
    expect(await seen('/404')).toBe(0);
    recordRequest(new Request('http://localhost/components/other'), '/components/[slug]', 404, performance.now());
    expect(await seen('/components/[slug]')).toBe(2);
  });
});
