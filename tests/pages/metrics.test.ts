import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { promtoolAvailable, promtoolPath } from '../helpers/promtool.js';
import { serveFixture } from '../helpers/server.js';
import { writePublicSite } from './public-site.fixture.js';

const fixture = serveFixture(writePublicSite);

async function scrape(): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(`${fixture.server().url}/metrics`);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

// The Prometheus text exposition format, line by line (version 0.0.4).
const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
// Go's ParseFloat, which Prometheus uses, takes NaN and Inf in any case (prom-client writes "Nan").
const VALUE = '(?:[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[+-]?Inf|NaN)';
const SAMPLE = new RegExp(`^${NAME}(?:\\{(?:${LABEL}(?:,${LABEL})*,?)?\\})? ${VALUE}(?: -?\\d+)?$`, 'i');
const HELP = new RegExp(`^# HELP ${NAME} .*$`);
const TYPE = new RegExp(`^# TYPE ${NAME} (?:counter|gauge|histogram|summary|untyped)$`);

/** Samples of one metric as label objects with values. */
function samples(text: string, name: string): { labels: Record<string, string>; value: number }[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .map((l) => {
      const labels: Record<string, string> = {};
      for (const m of l.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[m[1]!] = m[2]!;
      return { labels, value: Number(l.slice(l.lastIndexOf(' ') + 1)) };
    });
}

describe('/metrics', () => {
  it('answers in the Prometheus text format, uncached', async () => {
    const { status, headers, text } = await scrape();
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(headers.get('cache-control')).toBe('no-store');
    const lines = text.split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(50);
    const bad = lines.filter((l) => (l.startsWith('#') ? !HELP.test(l) && !TYPE.test(l) : !SAMPLE.test(l)));
    expect(bad).toEqual([]);
    for (const [name, type] of [
      ['beacon_http_requests_total', 'counter'],
      ['beacon_http_request_duration_seconds', 'histogram'],
      ['beacon_component_status', 'gauge'],
      ['beacon_open_incidents', 'gauge'],
      ['beacon_active_maintenance', 'gauge'],
      ['beacon_alerts_received_total', 'counter'],
      ['beacon_process_cpu_user_seconds_total', 'counter'],
      ['beacon_process_resident_memory_bytes', 'gauge'],
    ] as const) {
      expect(lines).toContain(`# TYPE ${name} ${type}`);
      expect(lines.some((l) => l.startsWith(`# HELP ${name} `))).toBe(true);
    }
  });

  it('labels requests with route patterns and status codes, never raw paths', async () => {
    expect((await fetch(`${fixture.server().url}/`)).status).toBe(200);
    expect((await fetch(`${fixture.server().url}/components/no-such-thing-x`)).status).toBe(404);
    expect((await fetch(`${fixture.server().url}/components/rest?page=1`)).status).toBe(200);
    expect((await fetch(`${fixture.server().url}/history?page=1`)).status).toBe(200);
    expect((await fetch(`${fixture.server().url}/there/is/nothing-here-y`)).status).toBe(404);
    // A method Beacon does not implement is answered 501 before the site renders anything: not counted.
    expect((await fetch(`${fixture.server().url}/`, { method: 'PROPFIND', headers: { 'content-type': 'application/json' } })).status).toBe(501);

    const { text } = await scrape();
    const requests = samples(text, 'beacon_http_requests_total');
    const count = (labels: Record<string, string>): number =>
      requests.filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((n, s) => n + s.value, 0);

    expect(count({ method: 'GET', route: '/', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(count({ method: 'GET', route: '/components/[slug]', status: '404' })).toBe(1);
    expect(count({ method: 'GET', route: '/components/[slug]', status: '200' })).toBe(1);
    expect(count({ method: 'GET', route: '/history', status: '200' })).toBe(1);
    // A URL no route matches is rendered by the 404 page, and labelled with its pattern.
    expect(count({ method: 'GET', route: '/404', status: '404' })).toBe(1);
    expect(count({ method: 'other' })).toBe(0);
    // The first scrape is counted too, with its own route.
    expect(count({ method: 'GET', route: '/metrics', status: '200' })).toBeGreaterThanOrEqual(1);

    const routes = new Set(requests.map((s) => s.labels.route));
    for (const raw of ['no-such-thing-x', 'nothing-here-y', 'rest', 'page=']) {
      expect([...routes].some((r) => r?.includes(raw))).toBe(false);
    }
    expect(requests.every((s) => /^[1-5]\d\d$/.test(s.labels.status ?? ''))).toBe(true);

    const durations = samples(text, 'beacon_http_request_duration_seconds_count');
    expect(durations.find((s) => s.labels.method === 'GET' && s.labels.route === '/components/[slug]')?.value).toBe(2);
    expect(durations.every((s) => !('status' in s.labels))).toBe(true);
  });

  it('reports the page\'s own state from the database', async () => {
    const { text } = await scrape();
    const status = samples(text, 'beacon_component_status');
    const current = (component: string): string[] =>
      status.filter((s) => s.labels.component === component && s.value === 1).map((s) => s.labels.status!);
    // The fixture: REST in partial outage by an open incident, GraphQL and Website operational, group API not a leaf.
    expect(current('rest')).toEqual(['partial_outage']);
    expect(current('graphql')).toEqual(['operational']);
    expect(current('website')).toEqual(['operational']);
    expect(status.some((s) => s.labels.component === 'api')).toBe(false);
    expect(samples(text, 'beacon_open_incidents')).toEqual([{ labels: {}, value: 1 }]);
    // The fixture's maintenance is only scheduled.
    expect(samples(text, 'beacon_active_maintenance')).toEqual([{ labels: {}, value: 0 }]);
  });

  it('counts the fast path\'s answers, which never reach the request metrics', async () => {
    const count = async (): Promise<Record<string, number>> =>
      Object.fromEntries(samples((await scrape()).text, 'beacon_cache_responses_total').map((s) => [s.labels.result!, s.value]));
    const before = await count();
    expect(Object.keys(before).sort()).toEqual(['hit', 'miss', 'not_modified', 'uncacheable']);
    const base = fixture.server().url;
    // A query string never asked before: one render, then two answers from memory, then a 304.
    const first = await fetch(`${base}/history?metrics-test`);
    await fetch(`${base}/history?metrics-test`);
    await fetch(`${base}/history?metrics-test`);
    expect((await fetch(`${base}/history?metrics-test`, { headers: { 'if-none-match': first.headers.get('etag')! } })).status).toBe(304);
    // A missing page renders but is never stored.
    expect((await fetch(`${base}/incidents/nosuchincident`)).status).toBe(404);
    const after = await count();
    expect(after.miss! - before.miss!).toBe(1);
    expect(after.hit! - before.hit!).toBe(2);
    expect(after.not_modified! - before.not_modified!).toBe(1);
    expect(after.uncacheable! - before.uncacheable!).toBe(1);
  });

  it('reports the event-loop delay of the thread answering cache hits, measured since the last scrape', async () => {
    const lag = async (): Promise<Record<string, number>> =>
      Object.fromEntries(samples((await scrape()).text, 'beacon_main_thread_eventloop_lag_seconds').map((s) => [s.labels.stat!, s.value]));
    // The server publishes its figures every 250 ms, and each scrape starts a new window: NaN
    // until the window's first figures are out, two publications after the previous scrape.
    let figures: Record<string, number> = {};
    await expect.poll(async () => Number.isNaN((figures = await lag()).max), { timeout: 10_000, interval: 600 }).toBe(false);
    expect(Object.keys(figures).sort()).toEqual(['max', 'p50', 'p90', 'p99']);
    expect(figures.p50).toBeLessThanOrEqual(figures.max!);
    // A server at rest: the 10 ms between samples is not counted as delay.
    expect(figures.p50).toBeLessThan(0.008);
  });

  it('answers HEAD, and refuses other methods with 405', async () => {
    const head = await fetch(`${fixture.server().url}/metrics`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    // As an API client posts (JSON): a form-like or bodiless cross-site POST is refused with 403 by
    // Astro's origin check before any route runs.
    const post = await fetch(`${fixture.server().url}/metrics`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe.runIf(promtoolAvailable())('/metrics and Prometheus’ own linter', () => {
  // Regression: three default gauges ended in `_total`, which promtool reserves for counters.
  it('passes `promtool check metrics`', async () => {
    // Some traffic first, so that labelled series (requests, cache results) are in the exposition.
    await fetch(`${fixture.server().url}/`);
    await fetch(`${fixture.server().url}/components/no-such-thing-z`);
    const { text } = await scrape();
    const run = spawnSync(promtoolPath!, ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 30_000 });
    expect(run.error).toBeUndefined();
    expect(`${run.stdout}${run.stderr}`.trim()).toBe('');
    expect(run.status).toBe(0);
  });
});
