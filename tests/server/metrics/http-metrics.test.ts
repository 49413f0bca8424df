import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { DURATION_BUCKETS, methodLabel, registerHttpMetrics, routeLabel } from '../../../src/server/metrics/http-metrics.js';

describe('labels', () => {
  it('keep known methods and fold invented ones into "other"', () => {
    expect(methodLabel('get')).toBe('GET');
    expect(methodLabel('DELETE')).toBe('DELETE');
    expect(methodLabel('BREW')).toBe('other');
    expect(methodLabel('PROPFIND')).toBe('other');
  });

  it('use the route pattern, never inventing one', () => {
    expect(routeLabel('/components/[slug]')).toBe('/components/[slug]');
    expect(routeLabel(undefined)).toBe('unknown');
    expect(routeLabel('')).toBe('unknown');
  });
});

describe('registerHttpMetrics', () => {
  it('counts by method, route and status, and times by method and route', async () => {
    const registry = new Registry();
    const http = registerHttpMetrics(registry);
    http.observe({ method: 'GET', routePattern: '/components/[slug]', status: 200, seconds: 0.002 });
    http.observe({ method: 'GET', routePattern: '/components/[slug]', status: 404, seconds: 0.004 });
    http.observe({ method: 'get', routePattern: '/components/[slug]', status: 200, seconds: 0.3 });

    const metrics = await registry.getMetricsAsJSON();
    const counter = metrics.find((m) => m.name === 'beacon_http_requests_total')!;
    expect(counter.values).toEqual(
      expect.arrayContaining([
        { labels: { method: 'GET', route: '/components/[slug]', status: '200' }, value: 2 },
        { labels: { method: 'GET', route: '/components/[slug]', status: '404' }, value: 1 },
      ]),
    );
    expect(counter.values).toHaveLength(2);

    // A histogram's values carry the name of the series they belong to (_bucket, _sum, _count).
    const histogram = metrics.find((m) => m.name === 'beacon_http_request_duration_seconds')!.values as (typeof counter.values[number] & {
      metricName?: string;
    })[];
    const count = histogram.find((v) => v.metricName === 'beacon_http_request_duration_seconds_count');
    expect(count).toMatchObject({ labels: { method: 'GET', route: '/components/[slug]' }, value: 3 });
    const le = (bound: number): number | undefined =>
      histogram.find((v) => v.metricName === 'beacon_http_request_duration_seconds_bucket' && v.labels.le === bound)?.value;
    // 2 ms falls in the 2.5 ms bucket, 4 ms in 5 ms, 300 ms only from 500 ms up.
    expect(le(0.001)).toBe(0);
    expect(le(0.0025)).toBe(1);
    expect(le(0.005)).toBe(2);
    expect(le(0.25)).toBe(2);
    expect(le(0.5)).toBe(3);
    expect(histogram.filter((v) => v.metricName?.endsWith('_bucket'))).toHaveLength(DURATION_BUCKETS.length + 1);
  });
});
