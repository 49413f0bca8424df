/**
 * npx tsx tests/bench/api-v1-components.ts — what the /api/v1 layer costs on top of the use-case,
 * in process (no HTTP): a component status PATCH through the router (token lookup, rate limit,
 * body validation, transaction, answer mapping) against setComponentStatus called directly, and
 * an authenticated GET of the component list. Page of 50 components. Prints figures only.
 *
 * Options: --iterations=2000
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { SYSTEM } from '../../src/server/audit.js';
import { TokenRateLimiter } from '../../src/server/api-v1/rate-limiter.js';
import { handleApiV1 } from '../../src/server/api-v1/router.js';
import { readPageSettings } from '../../src/server/settings.js';
import { setComponentStatus } from '../../src/server/use-cases/components.js';
import { makeToken } from '../helpers/api-v1.js';
import { tempDatabase } from '../helpers/db.js';
import { component } from '../helpers/fixtures.js';

const { values: args } = parseArgs({ options: { iterations: { type: 'string', default: '2000' } } });
const n = Number(args.iterations);

const t = tempDatabase();
const start = Date.UTC(2026, 11, 4, 12);
const ids = Array.from({ length: 50 }, (_, i) => component(t.db, `c${i}`, `Component ${i}`, start, { position: i }));
const pageId = readPageSettings(t.db, start).publicId;
const { token } = makeToken(t.db, 'write', start);
const limiter = new TokenRateLimiter(1e9);
let clock = start;

async function call(method: string, path: string, body?: unknown): Promise<number> {
  clock += 1;
  const request = new Request(`http://127.0.0.1/api/v1/pages/${pageId}${path}`, {
    method,
    headers: { authorization: `OAuth ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const res = await handleApiV1(request, { db: t.db, publicUrl: null, listenUrl: 'http://127.0.0.1', mailFrom: 'status@example.com', limiter, now: clock });
  await res.arrayBuffer();
  return res.status;
}

const statusFor = (i: number): 'major_outage' | 'operational' => (i % 2 === 0 ? 'major_outage' : 'operational');

async function timed(label: string, run: (i: number) => Promise<unknown> | unknown): Promise<number> {
  for (let i = 0; i < 100; i++) await run(i); // warm-up, keeps the statuses alternating
  const t0 = performance.now();
  for (let i = 100; i < 100 + n; i++) await run(i);
  const perOp = (performance.now() - t0) / n;
  console.log(`${label.padEnd(44)} ${(1000 / perOp).toFixed(0).padStart(7)} ops/s  ${(perOp * 1000).toFixed(0).padStart(6)} µs/op`);
  return perOp;
}

const direct = await timed('setComponentStatus, direct', (i) => {
  clock += 1;
  setComponentStatus(t.db, ids[0]!, statusFor(i), SYSTEM, clock);
});
const viaApi = await timed('PATCH …/components/{id} status, in process', async (i) => {
  const status = await call('PATCH', `/components/${ids[1]}`, { component: { status: statusFor(i) } });
  if (status !== 200) throw new Error(`PATCH answered ${status}`);
});
await timed('GET …/components (50), in process', async () => {
  const status = await call('GET', '/components');
  if (status !== 200) throw new Error(`GET answered ${status}`);
});
console.log(`API PATCH / direct use-case: ${(viaApi / direct).toFixed(1)}× the time`);
t.dispose();
