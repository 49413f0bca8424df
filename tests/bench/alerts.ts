/**
 * npm run bench:alerts — how soon an alert shows on the public page.
 *
 * Starts the built server on a fresh database with one component, then 100 times in turn posts a
 * firing or resolved alert to /api/v1/alerts/generic and polls `/` until the component's row shows
 * the new status: "received → shown", p50 and p99. As a baseline in the same run, the same number
 * of status flips go through the admin's own use-case (setComponentStatus) from this process and
 * are timed the same way. Target: alert p99 ≤ 1 s.
 *
 * Builds the site first unless --skip-build. Options: --alerts=100 --skip-build
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../../db/client.js';
import type { ComponentStatus } from '../../src/core/component-status.js';
import { setComponentStatus } from '../../src/server/use-cases/components.js';
import { publicComponentStatus } from '../helpers/admin-pages.js';
import { makeToken } from '../helpers/api-v1.js';
import buildSite from '../helpers/build.js';
import { tempDatabasePath } from '../helpers/db.js';
import { component } from '../helpers/fixtures.js';
import { startServer } from '../helpers/server.js';

const { values: args } = parseArgs({ options: { alerts: { type: 'string', default: '100' }, 'skip-build': { type: 'boolean', default: false } } });
const COUNT = Number(args.alerts);
const TARGET_MS = 1_000;
const GIVE_UP_MS = 10_000;

const quantile = (xs: readonly number[], q: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const fmt = (ms: number): string => ms.toFixed(1);

/** Polls `/` until the component shows `status`; ms since `t0`, or null after GIVE_UP_MS. */
async function shownAfter(base: string, status: ComponentStatus, t0: number): Promise<number | null> {
  for (;;) {
    const html = await (await fetch(`${base}/`)).text();
    if (publicComponentStatus(html, 'api') === status) return performance.now() - t0;
    if (performance.now() - t0 > GIVE_UP_MS) return null;
  }
}

async function main(): Promise<void> {
  if (!args['skip-build']) {
    console.log('Building the site…');
    buildSite();
  }
  const { path, cleanup } = tempDatabasePath();
  const handle = openDatabase(path);
  const now = Date.now();
  const componentId = component(handle.db, 'api', 'Public API', now - 3_600_000);
  const token = makeToken(handle.db, 'alerts', now, 'bench').token;
  // A hundred alerts back to back: above the default 10 requests a second per token.
  const server = await startServer(path, { API_RATE_PER_SECOND: '1000' });
  try {
    await fetch(`${server.url}/`).then((r) => r.text());
    const alertTimes: number[] = [];
    const postTimes: number[] = [];
    for (let i = 0; i < COUNT; i++) {
      const firing = i % 2 === 0;
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/v1/alerts/generic`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ source: 'bench', key: `flip-${Math.floor(i / 2)}`, status: firing ? 'firing' : 'resolved', component: 'api', severity: 'critical' }),
      });
      if (res.status !== 200) throw new Error(`the intake answered ${res.status}: ${await res.text()}`);
      postTimes.push(performance.now() - t0);
      const shown = await shownAfter(server.url, firing ? 'major_outage' : 'operational', t0);
      if (shown === null) throw new Error(`alert ${i} never showed on / within ${GIVE_UP_MS} ms`);
      alertTimes.push(shown);
    }
    const baseTimes: number[] = [];
    for (let i = 0; i < COUNT; i++) {
      const status: ComponentStatus = i % 2 === 0 ? 'major_outage' : 'operational';
      const t0 = performance.now();
      setComponentStatus(handle.db, componentId, status, { id: null, label: 'bench' }, Date.now());
      const shown = await shownAfter(server.url, status, t0);
      if (shown === null) throw new Error(`status flip ${i} never showed on / within ${GIVE_UP_MS} ms`);
      baseTimes.push(shown);
    }
    const p50 = quantile(alertTimes, 0.5);
    const p99 = quantile(alertTimes, 0.99);
    const b50 = quantile(baseTimes, 0.5);
    const b99 = quantile(baseTimes, 0.99);
    console.log(`\nAlert received → shown on /, ${COUNT} alerts (firing and resolved in turn):`);
    console.log(`  alert via /api/v1/alerts/generic: p50 ${fmt(p50)} ms, p99 ${fmt(p99)} ms (the POST itself: p50 ${fmt(quantile(postTimes, 0.5))} ms, p99 ${fmt(quantile(postTimes, 0.99))} ms)`);
    console.log(`  baseline, the admin's setComponentStatus in-process: p50 ${fmt(b50)} ms, p99 ${fmt(b99)} ms`);
    console.log(`  ratio alert/baseline: p50 ${(p50 / b50).toFixed(2)}, p99 ${(p99 / b99).toFixed(2)}`);
    console.log(`  target p99 ≤ ${TARGET_MS} ms: ${p99 <= TARGET_MS ? 'met' : 'NOT met'}`);
    process.exitCode = p99 <= TARGET_MS ? 0 : 1;
  } finally {
    await server.stop();
    handle.close();
    cleanup();
  }
}

await main();
