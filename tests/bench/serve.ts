/**
 * npm run bench — how Beacon serves under incident traffic (issue 6), in one run:
 *
 * 1. Throughput: `/`, `/api/v2/summary.json` and `/badge.svg` of the demo page through Beacon's fast
 *    path, alternating with a bare node:http server (serve-bare.ts) returning the same bytes with the
 *    same headers; 100 connections from wrk (or autocannon without it) in its own process (serve-load.ts), a warm-up
 *    before each measurement, rounds alternating which side goes first. Targets: Beacon ÷ bare ≥ 0.8
 *    and p99 ≤ 20 ms. Each server's event-loop delay over the measurement (Beacon's main thread from
 *    /metrics) tells the wait a server caused from the wait the shared machine added.
 * 2. Freshness: while `/` is under load, a second process (this one) publishes incident updates
 *    through the use-cases on the same database file; time until `/`, the summary, the Atom feed and
 *    the badge all show each one. Target ≤ 1 s.
 * 3. Scale: 500 components and 20,000 incidents over three years (serve-scale.ts); uncached time of
 *    `/`, the busiest component page and `/history`, each render the first after a content change,
 *    by the site alone and as a miss through Beacon (render + compression); median of several.
 *    Target ≤ 50 ms. Database size. Then `/` with its rows kept (serve-front-page.ts), on the site as
 *    Beacon loads it: after a change to one component (≤ 50 ms) and first after a restart (≤ 150 ms).
 * 4. Memory: peak RSS (VmHWM) of each Beacon process.
 *
 * Builds the site into BEACON_OUT_DIR (default dist-bench) first unless --skip-build. Exits 0 when
 * the run worked, whatever the figures; 1 when something is broken (errors or non-2xx responses,
 * a change never shown, a process that died).
 *
 * Options: --seconds=5 --rounds=2 --connections=100 --samples=5 --incidents=20000 --components=500 --skip-build
 * --only=scale (the scale phase alone: the large page's renders and the front page's figures)
 */
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { arch, cpus, loadavg, platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../db/client.js';
import type { ComponentStatus } from '../../src/core/component-status.js';
import type { IncidentStatus } from '../../src/core/incident-status.js';
import type { Actor } from '../../src/server/audit.js';
import { seedDemo } from '../../src/server/demo/seed.js';
import { createIncident, postIncidentUpdate } from '../../src/server/use-cases/incidents.js';
import buildSite from '../helpers/build.js';
import type { BareReply, BareRequest, LoadReply, LoadRequest, LoadResult, LoadSpec, LoopLag, RecordedResponse } from './serve-protocol.js';
import { frontPageFigures } from './serve-front-page.js';
import { writeScalePage } from './serve-scale.js';
import { freePort } from '../helpers/free-port.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '2' },
    connections: { type: 'string', default: '100' },
    samples: { type: 'string', default: '5' },
    incidents: { type: 'string', default: '20000' },
    components: { type: 'string', default: '500' },
    'skip-build': { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
if (args.only !== undefined && args.only !== 'scale') throw new Error(`--only takes "scale", not "${args.only}"`);
/** Sections 1 and 2 (throughput and freshness on the demo page) run unless --only=scale. */
const DEMO_SECTIONS = args.only === undefined;
const SECONDS = Number(args.seconds);
const ROUNDS = Number(args.rounds);
const CONNECTIONS = Number(args.connections);
const SAMPLES = Number(args.samples);
/** Discarded load before each measurement, s: JIT, connection set-up, the first (missing) render. */
const WARM_UP_SECONDS = 1;
/** Targets from the issue. */
const TARGET_RATIO = 0.8;
const TARGET_P99_MS = 20;
const TARGET_FRESH_MS = 1_000;
const TARGET_RENDER_MS = 50;
/** Renders after a change, of each page by each process, before the measured ones. */
const WARM_UP_RENDERS = 5;
/** Issue 20: `/` of the scale page after a change to one component, and the first `/` after a restart. */
const TARGET_ONE_CHANGE_MS = 50;
const TARGET_COLD_MS = 150;
/** Past this a change is declared never shown (broken, not slow), ms. */
const FRESH_GIVE_UP_MS = 10_000;
const THROUGHPUT_PATHS = ['/', '/api/v2/summary.json', '/badge.svg'] as const;
const FRESH_PATHS = ['/', '/api/v2/summary.json', '/history.atom', '/badge.svg'] as const;
/** What clients send; the bare server answers it with the same compressed bytes Beacon does. */
const ACCEPT = { 'accept-encoding': 'gzip, br' } as const;
const ACTOR: Actor = { id: null, label: 'benchmark' };

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
process.env.BEACON_OUT_DIR ||= 'dist-bench';
const OUT_DIR = process.env.BEACON_OUT_DIR;
const started = performance.now();
/** Things that make the run's figures meaningless; any of them makes the exit code 1. */
const problems: string[] = [];
/** Every process this run started, so an early exit leaves none behind. */
const children = new Set<ChildProcess>();
/** Children being stopped on purpose: their exit is not a problem. */
const stopping = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(0)} s`;
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const verdict = (met: boolean): string => (met ? 'met' : 'NOT MET');
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

// ---------------------------------------------------------------------------------------------
// Processes

/** Milliseconds per clock tick in /proc/<pid>/stat. */
const MS_PER_TICK = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim() || 100);

/** CPU time a process has used so far, all threads, ms. */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name: state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
}

/** Peak resident set size of a running process, bytes. */
function peakRssOf(pid: number): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

interface HttpProcess {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Starts a server process on a free loopback port and waits until it answers `probe`. */
async function startHttpProcess(name: string, argv: readonly string[], env: Record<string, string>, probe = '/'): Promise<HttpProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, argv, {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  child.on('exit', (code, signal) => {
    if (!stopping.has(child)) problems.push(`${name} exited unexpectedly (${code ?? signal}):\n${log}`);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${log}`);
    try {
      await fetch(`${url}${probe}`, { signal: AbortSignal.timeout(5_000) });
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${name} did not answer within 30 s:\n${log}`);
      await sleep(100);
    }
  }
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        stopping.add(child);
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
function startBeacon(databasePath: string): Promise<HttpProcess> {
  return startHttpProcess('Beacon', ['--import', 'tsx', 'src/cli/serve.ts'], { DATABASE_PATH: databasePath });
}

/** The site alone (@astrojs/node standalone, no fast path): every request renders; `probe` is the page asked until it answers. */
function startSiteOnly(databasePath: string, probe = '/'): Promise<HttpProcess> {
  return startHttpProcess('the site (standalone)', [join(OUT_DIR, 'server', 'entry.mjs')], { DATABASE_PATH: databasePath }, probe);
}

/** The site as Beacon's site thread loads it (serve-site.ts: code loaded before it answers), nothing in front. */
function startSiteAsBeacon(databasePath: string, probe: string): Promise<HttpProcess> {
  return startHttpProcess('the site (as Beacon loads it)', ['--import', 'tsx', 'tests/bench/serve-site.ts'], { DATABASE_PATH: databasePath }, probe);
}

/** A forked child speaking a request/reply protocol over IPC: replies come back in order. */
function forkChild<Req, Reply>(file: string): { child: ChildProcess; ready: Promise<Reply>; request(message: Req): Promise<Reply> } {
  const child = fork(fileURLToPath(new URL(file, import.meta.url)), [], { execArgv: ['--import', 'tsx'] });
  children.add(child);
  const waiting: ((reply: Reply) => void)[] = [];
  const ready = new Promise<Reply>((resolve, reject) => {
    child.once('error', reject);
    waiting.push(resolve);
  });
  child.on('message', (reply: Reply) => waiting.shift()?.(reply));
  child.on('exit', (code, signal) => {
    if (!stopping.has(child)) problems.push(`${file} exited unexpectedly (${code ?? signal})`);
  });
  return {
    child,
    ready,
    request: (message) =>
      new Promise<Reply>((resolve) => {
        waiting.push(resolve);
        child.send(message as object);
      }),
  };
}

function closeChild(child: ChildProcess, message: object): Promise<void> {
  return new Promise((resolve) => {
    stopping.add(child);
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.send(message);
  });
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers

interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/** A GET that keeps the body as sent (fetch would decompress it). */
function rawGet(url: string, headers: Record<string, string>): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
        resolve({ status: res.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    }).on('error', reject);
  });
}

/** Headers node:http adds to every response by itself; the bare server's node:http adds them too. */
const PER_CONNECTION = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

/** What Beacon answers (a cache hit) for a path in each encoding. */
async function record(base: string, path: string): Promise<Record<'br' | 'gzip' | 'identity', RecordedResponse>> {
  const out: Partial<Record<'br' | 'gzip' | 'identity', RecordedResponse>> = {};
  for (const [encoding, accept] of [['br', ACCEPT['accept-encoding']], ['gzip', 'gzip'], ['identity', 'identity']] as const) {
    await rawGet(`${base}${path}`, { 'accept-encoding': accept }); // fills the cache
    const res = await rawGet(`${base}${path}`, { 'accept-encoding': accept });
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    if ((res.headers['content-encoding'] ?? 'identity') !== encoding) throw new Error(`${path} sent ${res.headers['content-encoding']} for ${accept}`);
    // The load must measure the fast path, not the site behind it.
    if (res.headers['x-cache'] !== 'HIT') throw new Error(`${path} was not answered from memory the second time (x-cache: ${res.headers['x-cache']})`);
    const headers = Object.fromEntries(Object.entries(res.headers).filter(([name]) => !PER_CONNECTION.has(name)));
    out[encoding] = { headers, body: res.body.toString('base64') };
  }
  return out as Record<'br' | 'gzip' | 'identity', RecordedResponse>;
}

async function timedGet(url: string, headers: Record<string, string>): Promise<{ ms: number; status: number; bytes: number }> {
  const t = performance.now();
  const res = await rawGet(url, headers);
  return { ms: performance.now() - t, status: res.status, bytes: res.body.length };
}

// ---------------------------------------------------------------------------------------------
// 1. Throughput

type LoadClient = ReturnType<typeof forkChild<LoadRequest, LoadReply>>;

interface Measured extends LoadResult {
  /** The server's CPU time during the measurement, ms. */
  readonly serverCpuMs: number;
  /** The serving thread's event-loop delay during the measurement. */
  readonly loop: LoopLag;
}

/** A server's event-loop delay since the last ask, then a new window. */
type LagProbe = () => Promise<LoopLag>;

/** Beacon's main thread (where hits are answered), from /metrics: a scrape starts a new window. */
function beaconLag(url: string): LagProbe {
  return async () => {
    const text = await (await fetch(`${url}/metrics`)).text();
    const stat = (name: string): number => Number(new RegExp(`^beacon_main_thread_eventloop_lag_seconds\\{stat="${name}"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) * 1000;
    return { p99: stat('p99'), max: stat('max') };
  };
}

async function runLoad(load: LoadClient, spec: LoadSpec): Promise<LoadResult> {
  const reply = await load.request({ type: 'run', ...spec });
  if (reply.type !== 'result') throw new Error(`load generator answered ${reply.type}`);
  if (reply.errors + reply.timeouts + reply.non2xx > 0) {
    problems.push(`${spec.url}: ${reply.errors} errors, ${reply.timeouts} timeouts, ${reply.non2xx} non-2xx responses`);
  }
  return reply;
}

async function measure(load: LoadClient, url: string, pid: number, lag: LagProbe): Promise<Measured> {
  await runLoad(load, { url, connections: CONNECTIONS, seconds: WARM_UP_SECONDS, headers: ACCEPT });
  await lag();
  const before = cpuMsOf(pid);
  const result = await runLoad(load, { url, connections: CONNECTIONS, seconds: SECONDS, headers: ACCEPT });
  const serverCpuMs = cpuMsOf(pid) - before;
  return { ...result, serverCpuMs, loop: await lag() };
}

interface Aggregate {
  readonly rps: number;
  /** Mean of the rounds' medians, ms. */
  readonly p50: number;
  /** Worst round's p99, ms. */
  readonly p99: number;
  /** Server CPU per request, µs. */
  readonly cpuUsPerRequest: number;
  /** Load generator CPU as a share of one core. */
  readonly loadCpuShare: number;
  /** Worst round's event-loop delay of the serving thread, ms. */
  readonly loop: LoopLag;
}

function aggregate(runs: readonly Measured[]): Aggregate {
  const requests = runs.reduce((a, r) => a + r.requests, 0);
  const seconds = runs.reduce((a, r) => a + r.seconds, 0);
  return {
    rps: requests / seconds,
    p50: runs.reduce((a, r) => a + r.p50, 0) / runs.length,
    p99: Math.max(...runs.map((r) => r.p99)),
    cpuUsPerRequest: (runs.reduce((a, r) => a + r.serverCpuMs, 0) * 1000) / requests,
    loadCpuShare: runs.reduce((a, r) => a + r.cpuMs, 0) / (seconds * 1000),
    loop: { p99: Math.max(...runs.map((r) => r.loop.p99)), max: Math.max(...runs.map((r) => r.loop.max)) },
  };
}

interface ThroughputRow {
  readonly path: string;
  readonly beacon: Aggregate;
  readonly bare: Aggregate;
  readonly bodyBytes: number;
}

async function throughput(
  load: LoadClient,
  beacon: HttpProcess,
  bare: { url: string; pid: number; lag: LagProbe },
  recorded: Readonly<Record<string, Readonly<Record<'br', RecordedResponse>>>>,
): Promise<ThroughputRow[]> {
  const runs = new Map<string, { beacon: Measured[]; bare: Measured[] }>(THROUGHPUT_PATHS.map((p) => [p, { beacon: [], bare: [] }]));
  let k = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const path of THROUGHPUT_PATHS) {
      // Alternate which side goes first, so a slow patch of a shared machine does not always hit the same one.
      const sides = k++ % 2 === 0 ? (['beacon', 'bare'] as const) : (['bare', 'beacon'] as const);
      for (const side of sides) {
        const server = side === 'beacon' ? { ...beacon, lag: beaconLag(beacon.url) } : bare;
        const m = await measure(load, `${server.url}${path}`, server.pid, server.lag);
        runs.get(path)![side].push(m);
        console.log(
          `  [${elapsed()}] round ${round + 1} ${path.padEnd(22)} ${side.padEnd(6)} ${fmt(m.requests / m.seconds).padStart(7)} req/s  p50 ${fmt(m.p50, 1)} ms  p99 ${fmt(m.p99, 1)} ms  max ${fmt(m.max)} ms  loop delay p99 ${fmt(m.loop.p99, 1)} / max ${fmt(m.loop.max, 1)} ms  server CPU ${fmt((m.serverCpuMs * 1000) / m.requests)} µs/req  load generator CPU ${fmt((m.cpuMs / (m.seconds * 1000)) * 100)} %`,
        );
      }
    }
  }
  return THROUGHPUT_PATHS.map((path) => {
    const r = runs.get(path)!;
    return { path, beacon: aggregate(r.beacon), bare: aggregate(r.bare), bodyBytes: Buffer.from(recorded[path]!.br.body, 'base64').length };
  });
}

// ---------------------------------------------------------------------------------------------
// 2. Freshness

interface FreshnessTrial {
  readonly what: string;
  /** The use-case's transaction, ms. */
  readonly writeMs: number;
  /** Path → ms from commit until a response showed the change (null: never, within the give-up time). */
  readonly shownAfter: Readonly<Record<string, number | null>>;
}

async function pollUntil(url: string, shows: (body: string) => boolean, since: number): Promise<number | null> {
  for (;;) {
    const res = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
    const body = await res.text();
    const at = performance.now() - since;
    if (res.ok && shows(body)) return at;
    if (at > FRESH_GIVE_UP_MS) return null;
  }
}

async function freshness(
  load: LoadClient,
  beacon: HttpProcess,
  databasePath: string,
): Promise<{ trials: FreshnessTrial[]; underLoad: LoadResult; loop: LoopLag }> {
  // A second writer on the same file, as the admin area in another process (or a CLI) would be.
  const handle = openDatabase(databasePath);
  const apiId = handle.sqlite.prepare("select id from components where slug = 'api'").pluck().get() as string;
  const timeZone = handle.sqlite.prepare('select time_zone from page_settings where id = 1').pluck().get() as string;
  // Each is polled during an incident anyway: start from cached copies, as a real page would.
  for (const path of FRESH_PATHS) await fetch(`${beacon.url}${path}`).then((r) => r.arrayBuffer());
  const begun = await load.request({ type: 'start', url: `${beacon.url}/`, connections: CONNECTIONS, seconds: 300, headers: ACCEPT });
  if (begun.type !== 'started') throw new Error(`load generator answered ${begun.type}`);
  await sleep(1_000);
  const lag = beaconLag(beacon.url);
  await lag();

  // Each step moves the page indicator (the API between major outage and operational while email
  // stays in partial outage), so the badge changes every time as well.
  const steps: readonly { what: string; status: IncidentStatus; set: ComponentStatus }[] = [
    { what: 'new incident (investigating, API major outage)', status: 'investigating', set: 'major_outage' },
    { what: 'update (monitoring, API operational)', status: 'monitoring', set: 'operational' },
    { what: 'update (investigating again, API major outage)', status: 'investigating', set: 'major_outage' },
  ];
  const trials: FreshnessTrial[] = [];
  let incidentId: string | null = null;
  for (const step of steps) {
    const marker = `bench-marker-${randomBytes(6).toString('hex')}`;
    const badgeBefore = await (await fetch(`${beacon.url}/badge.svg`)).text();
    const message = `Checking freshness: ${marker}.`;
    const fields = { status: step.status, message, notify: false, changes: [{ componentId: apiId, status: step.set }] };
    const t0 = performance.now();
    if (incidentId === null) {
      incidentId = createIncident(handle.db, { ...fields, title: `Freshness check ${marker}`, severity: 'SEV2', impactOverride: null }, ACTOR, timeZone, Date.now()).id;
    } else {
      postIncidentUpdate(handle.db, incidentId, fields, ACTOR, Date.now());
    }
    const committed = performance.now();
    const shown = await Promise.all(
      FRESH_PATHS.map((path) =>
        pollUntil(`${beacon.url}${path}`, path === '/badge.svg' ? (body) => body !== badgeBefore : (body) => body.includes(marker), committed),
      ),
    );
    const shownAfter = Object.fromEntries(FRESH_PATHS.map((p, i) => [p, shown[i]!]));
    for (const [path, ms] of Object.entries(shownAfter)) if (ms === null) problems.push(`${path} never showed “${step.what}” (gave up after ${FRESH_GIVE_UP_MS / 1000} s)`);
    trials.push({ what: step.what, writeMs: committed - t0, shownAfter });
    console.log(
      `  [${elapsed()}] ${step.what}: written in ${fmt(committed - t0, 1)} ms; shown after ${FRESH_PATHS.map((p) => `${p} ${shownAfter[p] === null ? 'never' : `${fmt(shownAfter[p]!)} ms`}`).join(', ')}`,
    );
    await sleep(700);
  }
  const loop = await lag();
  const underLoad = await load.request({ type: 'stop' });
  handle.close();
  if (underLoad.type !== 'result') throw new Error(`load generator answered ${underLoad.type}`);
  return { trials, underLoad, loop };
}

// ---------------------------------------------------------------------------------------------
// 3. Scale

interface RenderFigure {
  readonly path: string;
  /** Rendered by the site alone: median and worst, ms. */
  readonly siteMedian: number;
  readonly siteMax: number;
  /** A miss through Beacon (render over loopback + brotli + gzip + ETag): median and worst, ms. */
  readonly missMedian: number;
  readonly missMax: number;
  readonly htmlBytes: number;
  readonly brBytes: number;
}

/**
 * `change` stands for a content change before every sample (it bumps the content version, as the
 * triggers do on any write): each render is the first after a change, so nothing read from the
 * database is still remembered from the previous sample.
 */
async function renderTimes(site: HttpProcess, beacon: HttpProcess, path: string, change: () => void): Promise<RenderFigure> {
  const identity = { 'accept-encoding': 'identity' };
  // Warm both as the front page's figures do (serve-front-page.ts): the first renders of a page
  // load its modules, prepare its statements and run code not yet optimised, which the figure of
  // a running server leaves out (the cold figures below are a fresh process's).
  for (let i = 0; i < WARM_UP_RENDERS; i++) {
    change();
    await timedGet(`${site.url}${path}?warm=${i}`, identity);
    change();
    await timedGet(`${beacon.url}${path}?warm=${i}`, ACCEPT);
  }
  const siteMs: number[] = [];
  const missMs: number[] = [];
  let htmlBytes = 0;
  let brBytes = 0;
  // A query string the cache has never seen: every request renders.
  for (let i = 0; i < SAMPLES; i++) {
    change();
    const a = await timedGet(`${site.url}${path}?bench=${i}`, identity);
    if (a.status !== 200) problems.push(`${path} answered ${a.status} (site)`);
    siteMs.push(a.ms);
    htmlBytes = a.bytes;
  }
  for (let i = 0; i < SAMPLES; i++) {
    change();
    const b = await timedGet(`${beacon.url}${path}?bench=${i}`, ACCEPT);
    if (b.status !== 200) problems.push(`${path} answered ${b.status} (Beacon)`);
    missMs.push(b.ms);
    brBytes = b.bytes;
  }
  return { path, siteMedian: median(siteMs), siteMax: Math.max(...siteMs), missMedian: median(missMs), missMax: Math.max(...missMs), htmlBytes, brBytes };
}

// ---------------------------------------------------------------------------------------------

interface DemoFigures {
  readonly rows: Awaited<ReturnType<typeof throughput>>;
  readonly fresh: Awaited<ReturnType<typeof freshness>>;
  readonly beaconPeak: number;
  readonly barePeak: number;
}

/** Sections 1 and 2 on the demo page, in `dir`. */
async function demoSections(dir: string): Promise<DemoFigures> {
  const demoPath = join(dir, 'demo.db');
  const demo = openDatabase(demoPath);
  const seeded = seedDemo(demo.db, Date.now());
  demo.close();

  const load = forkChild<LoadRequest, LoadReply>('./serve-load.ts');
  const bare = forkChild<BareRequest, BareReply>('./serve-bare.ts');
  const loadReady = await load.ready;
  const generator = loadReady.type === 'ready' ? loadReady.generator : 'autocannon';
  const beacon = await startBeacon(demoPath);

  const responses = Object.fromEntries(await Promise.all(THROUGHPUT_PATHS.map(async (p) => [p, await record(beacon.url, p)] as const)));
  const bareReady = await bare.ready;
  if (bareReady.type !== 'ready' || (await bare.request({ type: 'serve', responses })).type !== 'serving') throw new Error('the bare server did not start');
  const bareUrl = `http://127.0.0.1:${bareReady.port}`;

  console.log(
    `\n1. Throughput — demo page (${seeded.components} components, ${seeded.events} events), ${CONNECTIONS} connections from ${generator === 'wrk' ? 'wrk (one thread)' : 'autocannon (install wrk for the fast path: autocannon saturates near 10,000 req/s)'}, ${ROUNDS} × ${SECONDS} s per target after ${WARM_UP_SECONDS} s warm-up, accept-encoding “${ACCEPT['accept-encoding']}”`,
  );
  const bareLag: LagProbe = async () => {
    const reply = await bare.request({ type: 'lag' });
    if (reply.type !== 'lag') throw new Error(`the bare server answered ${reply.type}`);
    return reply;
  };
  const rows = await throughput(load, beacon, { url: bareUrl, pid: bare.child.pid!, lag: bareLag }, responses);

  console.log(`\n2. Freshness — publishing through the incident use-cases from a second process while / is under ${CONNECTIONS} connections`);
  const fresh = await freshness(load, beacon, demoPath);

  const beaconPeak = peakRssOf(beacon.pid);
  const barePeak = peakRssOf(bare.child.pid!);
  await beacon.stop();
  await closeChild(bare.child, { type: 'close' } satisfies BareRequest);
  await closeChild(load.child, { type: 'close' } satisfies LoadRequest);
  return { rows, fresh, beaconPeak, barePeak };
}

/** The results of sections 1 and 2. */
function printDemoFigures({ rows, fresh }: DemoFigures): void {
  console.log('Throughput, cache hits (req/s summed over rounds; p50 mean of rounds; p99 worst round; CPU = server CPU time per request;');
  console.log('loop = event-loop delay of the thread answering, p99 / max ms, worst round: how much of the wait the server itself caused)');
  console.log(
    `${'path'.padEnd(22)}${'side'.padEnd(8)}${'req/s'.padStart(9)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'loop ms'.padStart(12)}${'CPU µs/req'.padStart(12)}${'body B (br)'.padStart(13)}   Beacon ÷ bare (≥ ${TARGET_RATIO})   p99 ≤ ${TARGET_P99_MS} ms`,
  );
  for (const r of rows) {
    const ratio = r.beacon.rps / r.bare.rps;
    for (const side of ['beacon', 'bare'] as const) {
      const a = r[side];
      const first = side === 'beacon';
      console.log(
        `${(first ? r.path : '').padEnd(22)}${(first ? 'Beacon' : 'bare').padEnd(8)}${fmt(a.rps).padStart(9)}${fmt(a.p50, 1).padStart(8)}${fmt(a.p99, 1).padStart(8)}${`${fmt(a.loop.p99)} / ${fmt(a.loop.max)}`.padStart(12)}${fmt(a.cpuUsPerRequest).padStart(12)}${(first ? fmt(r.bodyBytes) : '').padStart(13)}   ${(first ? `${ratio.toFixed(2)} ${verdict(ratio >= TARGET_RATIO)}` : '').padEnd(24)}   ${a.p99 <= TARGET_P99_MS ? 'met' : 'NOT MET'}`,
      );
    }
  }
  const loadShare = Math.max(...rows.flatMap((r) => [r.beacon.loadCpuShare, r.bare.loadCpuShare]));
  console.log(
    `Load generator CPU: up to ${fmt(loadShare * 100)} % of a core${loadShare > 0.9 ? ' — it is (near) saturated, so req/s are its limit as much as the servers’ and the ratio understates the gap; compare CPU µs/req' : ''}.`,
  );

  const worstFresh = Math.max(...fresh.trials.flatMap((t) => Object.values(t.shownAfter).map((v) => v ?? Infinity)));
  console.log(`\nFreshness under load (/ at ${CONNECTIONS} connections: ${fmt(fresh.underLoad.requests / fresh.underLoad.seconds)} req/s, p99 ${fresh.underLoad.p99} ms, max ${fresh.underLoad.max} ms while invalidated; main thread's loop delay p99 ${fmt(fresh.loop.p99, 1)} ms, max ${fmt(fresh.loop.max, 1)} ms)`);
  for (const t of fresh.trials) {
    const all = Math.max(...Object.values(t.shownAfter).map((v) => v ?? Infinity));
    console.log(`  ${t.what.padEnd(50)} all four show it after ${Number.isFinite(all) ? `${fmt(all)} ms` : 'never'}  (${FRESH_PATHS.map((p) => `${p} ${t.shownAfter[p] === null ? '—' : fmt(t.shownAfter[p]!)}`).join(', ')}; write ${fmt(t.writeMs, 1)} ms)`);
  }
  console.log(`  worst ${Number.isFinite(worstFresh) ? `${fmt(worstFresh)} ms` : 'never'} — target ≤ ${fmt(TARGET_FRESH_MS)} ms: ${verdict(worstFresh <= TARGET_FRESH_MS)}`);
}

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(`Beacon serving benchmark — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  console.log(
    `Machine: ${platform()} ${arch()}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}; load average at start ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
  );
  if (!args['skip-build'] || !existsSync(join(ROOT, OUT_DIR, 'server', 'entry.mjs'))) {
    console.log(`Building the site into ${OUT_DIR}…`);
    buildSite();
    console.log(`  built in ${elapsed()}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'beacon-bench-'));
  try {
    const demoFigures = DEMO_SECTIONS ? await demoSections(dir) : null;

    console.log(`\n3. Scale — generating ${args.components} components and ${args.incidents} incidents over three years…`);
    const scalePath = join(dir, 'scale.db');
    const scale = openDatabase(scalePath);
    const tGen = performance.now();
    const page = writeScalePage(scale, Date.now(), { components: Number(args.components), incidents: Number(args.incidents) });
    const genMs = performance.now() - tGen;
    scale.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    scale.close();
    const dbBytes = statSync(scalePath).size;
    console.log(`  [${elapsed()}] written in ${fmt(genMs / 1000, 1)} s: ${fmt(page.updates)} updates, ${fmt(page.statusChanges)} status changes; database ${fmt(dbBytes / 1048576, 1)} MiB`);
    const site = await startSiteOnly(scalePath);
    const scaleBeacon = await startBeacon(scalePath);
    const renders: RenderFigure[] = [];
    const changer = openDatabase(scalePath);
    const change = (): void => void changer.sqlite.prepare('update content_version set version = version + 1 where id = 1').run();
    for (const path of ['/', `/components/${page.busiestSlug}`, '/history']) {
      const r = await renderTimes(site, scaleBeacon, path, change);
      renders.push(r);
      console.log(`  [${elapsed()}] ${path}: site ${fmt(r.siteMedian, 1)} ms (worst ${fmt(r.siteMax, 1)}), miss through Beacon ${fmt(r.missMedian, 1)} ms (worst ${fmt(r.missMax, 1)})`);
    }
    changer.close();
    const scalePeak = peakRssOf(scaleBeacon.pid);
    await scaleBeacon.stop();
    await site.stop();
    const front = await frontPageFigures(scalePath, (probe) => startSiteAsBeacon(scalePath, probe), timedGet, SAMPLES, problems);
    console.log(
      `  [${elapsed()}] / after a change to one component ${fmt(median(front.oneChangeMs), 1)} ms; first after a restart ${fmt(median(front.coldMs), 1)} ms with rows kept, ${fmt(median(front.coldEmptyMs), 1)} ms without`,
    );

    // ---------------------------------------------------------------------------------------
    const line = '─'.repeat(118);
    console.log(`\n${line}\nRESULTS (${elapsed()} in all)\n${line}`);
    if (demoFigures) printDemoFigures(demoFigures);

    console.log(`\nScale: ${fmt(page.components)} components (${page.groups} groups), ${fmt(page.incidents)} incidents, ${fmt(page.updates)} updates over 3 years; database ${fmt(dbBytes / 1048576, 1)} MiB (${fmt(dbBytes)} bytes)`);
    console.log(`Uncached, median of ${SAMPLES} (worst in brackets), ms — target ≤ ${TARGET_RENDER_MS} ms`);
    console.log(`${'path'.padEnd(36)}${'site render'.padStart(18)}${'miss via Beacon'.padStart(20)}${'HTML'.padStart(12)}${'br'.padStart(10)}   render ≤ ${TARGET_RENDER_MS}   miss ≤ ${TARGET_RENDER_MS}`);
    for (const r of renders) {
      console.log(
        `${r.path.padEnd(36)}${`${fmt(r.siteMedian, 1)} (${fmt(r.siteMax)})`.padStart(18)}${`${fmt(r.missMedian, 1)} (${fmt(r.missMax)})`.padStart(20)}${`${fmt(r.htmlBytes / 1024)} KiB`.padStart(12)}${`${fmt(r.brBytes / 1024)} KiB`.padStart(10)}   ${verdict(r.siteMedian <= TARGET_RENDER_MS).padEnd(11)}${verdict(r.missMedian <= TARGET_RENDER_MS)}`,
      );
    }
    const worst = (xs: readonly number[]): string => `${fmt(median(xs), 1)} (${fmt(Math.max(...xs))}) of ${xs.length}`;
    console.log('/ with its rows kept, rendered by the site as Beacon loads it (code loaded at start), median (worst) ms:');
    console.log(`  first render after a change to ONE component       ${worst(front.oneChangeMs)} — target ≤ ${TARGET_ONE_CHANGE_MS}: ${verdict(median(front.oneChangeMs) <= TARGET_ONE_CHANGE_MS)}`);
    console.log(`  cold: first / after a restart (empty memory, rows kept in the database) ${worst(front.coldMs)} — target ≤ ${TARGET_COLD_MS}: ${verdict(median(front.coldMs) <= TARGET_COLD_MS)}`);
    console.log(`  cold with nothing kept (a new build's first /)   ${worst(front.coldEmptyMs)}`);
    console.log('(The "/" row above is the first render after a change that touches no component: every row reused.)');
    console.log(
      demoFigures
        ? `\nMemory: peak RSS of Beacon ${fmt(demoFigures.beaconPeak / 1048576)} MiB on the demo page (throughput + freshness), ${fmt(scalePeak / 1048576)} MiB on the scale page; bare server ${fmt(demoFigures.barePeak / 1048576)} MiB.`
        : `\nMemory: peak RSS of Beacon ${fmt(scalePeak / 1048576)} MiB on the scale page.`,
    );
    console.log(`Load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (other work on the machine competes for its ${cpu.length} cores).`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (e) {
  problems.push((e as Error).stack ?? String(e));
}
if (problems.length > 0) {
  console.error(`\nBROKEN — the figures above cannot be trusted:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  process.exit(1);
}
process.exit(0);
