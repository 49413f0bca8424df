/**
 * npm run bench:api — what the /api/v1 write API costs (issue 15):
 *
 * 1. Throughput of an authenticated `GET /api/v1/pages/{id}/incidents` (Statuspage's default 100
 *    per page, and 10) on the demo page with past incidents added, next to `GET /pages/{id}` (the
 *    token check and routing with next to no work behind them), over HTTP against the built server, load from autocannon
 *    or wrk in its own process (serve-load.ts), after a warm-up. The token's rate limit is set to
 *    its maximum (API_RATE_PER_SECOND=1000); 429s are counted and reported as such.
 * 2. One `POST …/incidents`: over HTTP (sequential), through the router in-process, and the same
 *    use-case (createIncident) called directly, each on its own copy of the demo page; medians,
 *    and the ratios to the direct call: what the API adds on top of the work itself.
 * 3. Token checking: findLiveApiToken per call (a SHA-256 and one indexed lookup), against one
 *    Argon2id password verification (what sign-in uses), to show a token check is a hash lookup, not a password hash.
 *
 * Builds the site into BEACON_OUT_DIR (default dist-bench) first unless --skip-build finds one.
 * Exits 0 when the run worked, whatever the figures; 1 when something broke (non-2xx apart from
 * counted 429s, a failed POST).
 *
 * Options: --seconds=5 --connections=10 --posts=100 --lookups=20000 --incidents=200 --skip-build
 */
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase, type DatabaseHandle } from '../../db/client.js';
import { TokenRateLimiter } from '../../src/server/api-v1/rate-limiter.js';
import { handleApiV1 } from '../../src/server/api-v1/router.js';
import { SYSTEM } from '../../src/server/audit.js';
import { hashPassword, verifyPassword } from '../../src/server/auth/password.js';
import { seedDemo } from '../../src/server/demo/seed.js';
import { findLiveApiToken } from '../../src/server/read/api-tokens.js';
import { listComponents } from '../../src/server/read/components.js';
import { readPageSettings } from '../../src/server/settings.js';
import { createApiToken } from '../../src/server/use-cases/api-tokens.js';
import { createIncident } from '../../src/server/use-cases/incidents.js';
import buildSite from '../helpers/build.js';
import { startServer } from '../helpers/server.js';
import type { LoadReply, LoadRequest, LoadResult } from './serve-protocol.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    posts: { type: 'string', default: '100' },
    lookups: { type: 'string', default: '20000' },
    incidents: { type: 'string', default: '200' },
    'skip-build': { type: 'boolean', default: false },
  },
});
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const POSTS = Number(args.posts);
const LOOKUPS = Number(args.lookups);
/** Past incidents added to the served demo page, so a page of 100 is full. */
const EXTRA_INCIDENTS = Number(args.incidents);
const WARM_UP_SECONDS = 1;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
process.env.BEACON_OUT_DIR ||= 'dist-bench';
const problems: string[] = [];

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const ms = (x: number): string => `${x.toFixed(2)} ms`;

interface Page {
  readonly handle: DatabaseHandle;
  readonly pageId: string;
  readonly componentId: string;
  readonly read: string;
  readonly write: string;
}

/** A fresh copy of the demo page with a read and a write token. */
function demoPage(path: string): Page {
  const handle = openDatabase(path);
  const now = Date.now();
  seedDemo(handle.db, now);
  const componentId = listComponents(handle.db).find((c) => !c.isGroup)!.id;
  return {
    handle,
    pageId: readPageSettings(handle.db, now).publicId,
    componentId,
    read: createApiToken(handle.db, { name: 'bench read', scope: 'read' }, SYSTEM, now).token,
    write: createApiToken(handle.db, { name: 'bench write', scope: 'write' }, SYSTEM, now).token,
  };
}

/** The load generator child (serve-load.ts): one run at a time, over IPC. */
function loadGenerator(): { request(m: LoadRequest): Promise<LoadReply>; ready: Promise<LoadReply>; close(): void } {
  const child = fork(fileURLToPath(new URL('./serve-load.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'] });
  const waiting: ((r: LoadReply) => void)[] = [];
  const ready = new Promise<LoadReply>((resolve) => waiting.push(resolve));
  child.on('message', (r: LoadReply) => waiting.shift()?.(r));
  return {
    ready,
    request: (m) => new Promise((resolve) => (waiting.push(resolve), child.send(m))),
    close: () => child.send({ type: 'close' } satisfies LoadRequest),
  };
}

async function throughput(load: ReturnType<typeof loadGenerator>, url: string, token: string): Promise<LoadResult> {
  const headers = { authorization: `OAuth ${token}`, 'accept-encoding': 'gzip, br' };
  await load.request({ type: 'run', url, connections: CONNECTIONS, seconds: WARM_UP_SECONDS, headers });
  const reply = await load.request({ type: 'run', url, connections: CONNECTIONS, seconds: SECONDS, headers });
  if (reply.type !== 'result') throw new Error(`the load generator answered ${reply.type}`);
  return reply;
}

const incidentBody = (p: Page, i: number) => ({
  incident: { name: `Bench incident ${i}`, status: 'investigating', body: 'Looking into it.', components: { [p.componentId]: 'degraded_performance' }, deliver_notifications: true },
});

/** Sequential POSTs over HTTP; per-call ms. */
async function postsOverHttp(base: string, p: Page): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < POSTS; i++) {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/v1/pages/${p.pageId}/incidents`, {
      method: 'POST',
      headers: { authorization: `OAuth ${p.write}`, 'content-type': 'application/json' },
      body: JSON.stringify(incidentBody(p, i)),
    });
    await res.arrayBuffer();
    times.push(performance.now() - t0);
    if (res.status !== 201) problems.push(`POST over HTTP answered ${res.status}`);
  }
  return times;
}

/** POSTs through the router in this process (no HTTP); per-call ms. */
async function postsInProcess(p: Page): Promise<number[]> {
  const limiter = new TokenRateLimiter(1_000_000);
  const times: number[] = [];
  for (let i = 0; i < POSTS; i++) {
    const request = new Request(`http://127.0.0.1/api/v1/pages/${p.pageId}/incidents`, {
      method: 'POST',
      headers: { authorization: `OAuth ${p.write}`, 'content-type': 'application/json' },
      body: JSON.stringify(incidentBody(p, i)),
    });
    const t0 = performance.now();
    const res = await handleApiV1(request, { db: p.handle.db, publicUrl: null, listenUrl: 'http://127.0.0.1', mailFrom: 'status@example.com', limiter, now: Date.now() });
    await res.arrayBuffer();
    times.push(performance.now() - t0);
    if (res.status !== 201) problems.push(`POST in-process answered ${res.status}`);
  }
  return times;
}

/** The same incident through the use-case directly; per-call ms. */
function postsDirect(p: Page): number[] {
  const tz = readPageSettings(p.handle.db, Date.now()).timeZone;
  const times: number[] = [];
  for (let i = 0; i < POSTS; i++) {
    const t0 = performance.now();
    createIncident(
      p.handle.db,
      { title: `Bench incident ${i}`, severity: 'SEV3', impactOverride: null, status: 'investigating', message: 'Looking into it.', notify: true, changes: [{ componentId: p.componentId, status: 'degraded_performance' }] },
      { id: null, label: 'bench' },
      tz,
      Date.now(),
    );
    times.push(performance.now() - t0);
  }
  return times;
}

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(`Beacon API benchmark — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  console.log(`Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}; load average at start ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  if (!args['skip-build'] || !existsSync(join(ROOT, process.env.BEACON_OUT_DIR!, 'server', 'entry.mjs'))) {
    console.log(`Building the site into ${process.env.BEACON_OUT_DIR}…`);
    buildSite();
  }
  const dir = mkdtempSync(join(tmpdir(), 'beacon-bench-api-'));
  try {
    const served = demoPage(join(dir, 'served.db'));
    const tz = readPageSettings(served.handle.db, Date.now()).timeZone;
    for (let i = 0; i < EXTRA_INCIDENTS; i++) {
      const fields = { title: `Past incident ${i}`, severity: 'SEV3', impactOverride: null, status: 'resolved', message: 'Resolved.', notify: false, changes: [] } as const;
      createIncident(served.handle.db, fields, { id: null, label: 'bench' }, tz, Date.now());
    }
    const server = await startServer(join(dir, 'served.db'), { API_RATE_PER_SECOND: '1000' }, { startupMs: 120_000 });
    const load = loadGenerator();
    const ready = await load.ready;
    const generator = ready.type === 'ready' ? ready.generator : 'autocannon';
    const open = served.handle.sqlite.prepare('select count(*) as n from events').get() as { n: number };
    console.log(`\n1. Authenticated GETs — demo page plus ${EXTRA_INCIDENTS} past incidents (${open.n} events), ${CONNECTIONS} connections from ${generator}, ${SECONDS} s after ${WARM_UP_SECONDS} s warm-up, one read token (limit 1000 req/s)`);
    const targets = [
      ['GET …/pages/{id} (auth only)', `/pages/${served.pageId}`],
      ['…/incidents (100/page)', `/pages/${served.pageId}/incidents`],
      ['…/incidents?limit=10', `/pages/${served.pageId}/incidents?limit=10`],
    ] as const;
    for (const [label, path] of targets) {
      const r = await throughput(load, `${server.url}/api/v1${path}`, served.read);
      const perSecond = r.requests / r.seconds;
      console.log(`   ${label.padEnd(30)} ${perSecond.toFixed(0).padStart(6)} req/s   p50 ${r.p50} ms   p99 ${r.p99} ms   ${(r.bytes / r.requests / 1024).toFixed(1)} KiB/answer   non-2xx ${r.non2xx} (429s past the token's rate)   errors ${r.errors + r.timeouts}`);
      if (r.errors + r.timeouts > 0) problems.push(`GET ${path}: ${r.errors} errors, ${r.timeouts} timeouts`);
    }
    load.close();

    console.log(`\n2. One POST …/incidents (${POSTS} each, one component set degraded, a confirmed-subscriber mail queued per demo subscriber), medians`);
    const http = median(await postsOverHttp(server.url, served));
    await server.stop();
    served.handle.close();
    const viaRouter = demoPage(join(dir, 'router.db'));
    const router = median(await postsInProcess(viaRouter));
    viaRouter.handle.close();
    const plain = demoPage(join(dir, 'direct.db'));
    const direct = median(postsDirect(plain));
    console.log(`   use-case called directly (createIncident)        ${ms(direct)}`);
    console.log(`   through the /api/v1 router in-process            ${ms(router)}   ratio ${(router / direct).toFixed(2)} × direct`);
    console.log(`   over HTTP against the built server (sequential)   ${ms(http)}   ratio ${(http / direct).toFixed(2)} × direct`);

    console.log(`\n3. Token check — findLiveApiToken (SHA-256 of the secret + one indexed lookup), ${LOOKUPS} calls`);
    const t0 = performance.now();
    for (let i = 0; i < LOOKUPS; i++) if (!findLiveApiToken(plain.handle.db, plain.read)) problems.push('a live token was not found');
    const perLookup = (performance.now() - t0) / LOOKUPS;
    const hash = await hashPassword('correct horse battery staple');
    const p0 = performance.now();
    await verifyPassword(hash, 'correct horse battery staple');
    const perPassword = performance.now() - p0;
    console.log(`   findLiveApiToken: ${(perLookup * 1000).toFixed(1)} µs per call; one password verification (Argon2id): ${ms(perPassword)} — ${(perPassword / perLookup).toFixed(0)} × slower`);
    console.log(`   share of one in-process POST spent checking its token: ${((perLookup / router) * 100).toFixed(2)} %`);
    plain.handle.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (problems.length > 0) {
    console.log(`\nProblems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
