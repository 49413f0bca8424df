/**
 * npm run bench:fanout — one incident update fanned out to 10,000 active subscribers through
 * Beacon's real path (use-case with notify → outbox INSERT … SELECT → DeliveryWorker → pooled
 * SMTP), against a bare nodemailer pool sending the same mail to as many recipients with the same
 * concurrency, both into a lean SMTP sink in its own process. Prints figures and whether the
 * targets are met (all mails within 60 s, Beacon ≥ 0.8 × bare); exits non-zero only when
 * something is broken (a mail lost, failed or duplicated), never for a missed target.
 *
 * Options: --subscribers=10000 --pools=5,10 --rounds=2 (rounds alternate which side goes first).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { count, eq } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { deliveries, subscribers } from '../../db/schema.js';
import { SYSTEM } from '../../src/server/audit.js';
import { startBackground } from '../../src/server/background.js';
import { readConfig, type Config } from '../../src/server/config.js';
import { newPublicId } from '../../src/server/ids.js';
import { claimDue } from '../../src/server/outbox/claim.js';
import { createComposer } from '../../src/server/outbox/compose.js';
import { createSmtpMailer, type Mailer, type OutgoingMail, type SendResult } from '../../src/server/outbox/mailer.js';
import { postIncidentUpdate } from '../../src/server/use-cases/incidents.js';
import { tempDatabase, type TempDatabase } from '../helpers/db.js';
import { component, incident, page } from '../helpers/fixtures.js';
import type { SinkReply, SinkRequest } from './fanout-protocol.js';

const { values: args } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '10000' },
    pools: { type: 'string', default: '5,10' },
    rounds: { type: 'string', default: '2' },
  },
});
const SUBSCRIBERS = Number(args.subscribers);
const POOLS = args.pools.split(',').map(Number);
const ROUNDS = Number(args.rounds);
if (!(Number.isInteger(SUBSCRIBERS) && SUBSCRIBERS > 0) || !POOLS.every((p) => Number.isInteger(p) && p >= 1 && p <= 50) || !(Number.isInteger(ROUNDS) && ROUNDS > 0)) {
  throw new Error('usage: fanout.ts [--subscribers=10000] [--pools=5,10] [--rounds=2] (pools 1–50, as MAIL_POOL_SIZE)');
}
const WARM_UP = 500;
const PUBLIC_URL = 'https://status.acme.example';
/** Targets from the issue: this many mails within this many s, and Beacon's rate at least this share of bare nodemailer's. */
const TARGET_SUBSCRIBERS = 10_000;
const TARGET_SECONDS = 60;
const TARGET_RATIO = 0.8;
/** Beacon's socket timeout for the default 2-minute lease (background.ts: min(30 s, lease / 2)). */
const SOCKET_TIMEOUT_MS = 30_000;
/** Past this a round is declared stuck, ms. */
const ROUND_TIMEOUT_MS = 900_000;
/** A typical update: a few lines of Markdown with a link and a list. */
const UPDATE_BODY = [
  'We have identified the cause of the elevated error rates on the **API**: a failed deploy of the',
  'authentication service left a third of the fleet rejecting valid tokens.',
  '',
  'What we are doing:',
  '',
  '- rolling the deploy back region by region;',
  '- draining the affected hosts from the load balancers;',
  '- replaying webhooks that failed during the window.',
  '',
  'Next update within 30 minutes. Details on [our engineering blog](https://blog.acme.example/).',
].join('\n');

interface RoundResult {
  readonly side: 'beacon' | 'bare';
  readonly pool: number;
  readonly messages: number;
  /** Beacon only: the use-case transaction that writes the outbox rows, ms. */
  readonly enqueueMs: number | null;
  readonly totalMs: number;
  /** Per mail, from handing it to nodemailer to the relay's 250, ms. */
  readonly latencies: number[];
  readonly senderCpuMs: number;
  readonly sinkCpuMs: number;
  /** SMTP connections the sink saw. */
  readonly connections: number;
  readonly peakRssBytes: number;
  /** What went wrong, if anything: lost, failed or duplicated mail. */
  readonly problems: string[];
}

// ---------------------------------------------------------------------------------------------
// The sink process

interface Sink {
  readonly url: string;
  request(message: SinkRequest): Promise<SinkReply>;
  close(): Promise<void>;
}

async function startSink(): Promise<Sink> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./fanout-sink.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'] });
  const replies: ((reply: SinkReply) => void)[] = [];
  const ready = new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the SMTP sink exited early (${code})`)));
    replies.push((reply) => (reply.type === 'ready' ? resolve(reply.port) : reject(new Error(`unexpected ${reply.type}`))));
  });
  child.on('message', (reply: SinkReply) => replies.shift()?.(reply));
  const port = await ready;
  child.removeAllListeners('exit');
  return {
    url: `smtp://127.0.0.1:${port}`,
    request(message: SinkRequest): Promise<SinkReply> {
      return new Promise((resolve) => {
        replies.push(resolve);
        child.send(message);
      });
    },
    close(): Promise<void> {
      return new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send({ type: 'close' } satisfies SinkRequest);
      });
    },
  };
}

async function sinkReport(sink: Sink): Promise<Extract<SinkReply, { type: 'report' }>> {
  const reply = await sink.request({ type: 'report' });
  if (reply.type !== 'report') throw new Error(`the sink answered ${reply.type} to report`);
  return reply;
}

// ---------------------------------------------------------------------------------------------
// Measuring

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Samples the resident set while a phase runs: maxRSS is per process lifetime, useless per phase. */
function rssSampler(): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  return {
    stop(): number {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + ROUND_TIMEOUT_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Beacon's own SMTP mailer, timing each send. */
function timedMailer(inner: Mailer, latencies: number[]): Mailer {
  return {
    async send(mail: OutgoingMail): Promise<SendResult> {
      const start = performance.now();
      const result = await inner.send(mail);
      latencies.push(performance.now() - start);
      return result;
    },
    close: () => inner.close(),
  };
}

// ---------------------------------------------------------------------------------------------
// Beacon

interface Prepared {
  readonly t: TempDatabase;
  readonly eventId: string;
  readonly componentId: string;
}

/** A page with one component, an open incident (announced before anyone subscribed) and `n` active subscribers to everything. */
function prepareBeacon(n: number): Prepared {
  const t = tempDatabase();
  const now = Date.now();
  page(t.db, 'Acme Cloud', 'Europe/Paris', now);
  const api = component(t.db, 'api', 'Public API', now);
  const created = incident(t.db, {
    title: 'Elevated error rates on the API',
    startedAt: now,
    componentIds: [api],
    steps: [{ at: now, status: 'investigating', body: 'We are looking into reports of failed requests.', set: { [api]: 'partial_outage' } }],
  });
  const rows = Array.from({ length: n }, (_, i) => ({ id: newPublicId(), email: `subscriber${i}@example.com`, state: 'active' as const, allComponents: true, createdAt: now, updatedAt: now, confirmedAt: now }));
  // Chunks stay under SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 2_000) t.db.insert(subscribers).values(rows.slice(i, i + 2_000)).run();
  return { t, eventId: created.id, componentId: api };
}

function beaconConfig(smtpUrl: string, pool: number): Config {
  return readConfig({ SMTP_URL: smtpUrl, MAIL_POOL_SIZE: String(pool), PUBLIC_URL });
}

function postUpdate(p: Prepared): string {
  return postIncidentUpdate(
    p.t.db,
    p.eventId,
    { status: 'identified', message: UPDATE_BODY, notify: true, changes: [{ componentId: p.componentId, status: 'major_outage' }] },
    SYSTEM,
    Date.now(),
  ).id;
}

async function runBeacon(sink: Sink, pool: number, n: number): Promise<RoundResult> {
  const prepared = prepareBeacon(n);
  const { t } = prepared;
  const problems: string[] = [];
  const logged: string[] = [];
  try {
    const config = beaconConfig(sink.url, pool);
    const latencies: number[] = [];
    const mailer = timedMailer(createSmtpMailer({ url: sink.url, from: config.mailFrom, poolSize: pool, socketTimeoutMs: SOCKET_TIMEOUT_MS }), latencies);
    await sink.request({ type: 'reset' });
    // Started before the update, as in a running server: idle until the enqueue announces work.
    const background = startBackground({ db: t.db, config, mailer, log: (line) => logged.push(line) });
    const stats = background.worker!.stats;
    const rss = rssSampler();
    const cpu = process.cpuUsage();
    const start = performance.now();
    const updateId = postUpdate(prepared);
    const enqueueMs = performance.now() - start;
    let timedOut = false;
    try {
      await until(() => stats.sent + stats.failed + stats.quarantined + stats.cancelled >= n, 'every delivery to settle');
    } catch (e) {
      timedOut = true;
      problems.push((e as Error).message);
    }
    const totalMs = performance.now() - start;
    const senderCpu = process.cpuUsage(cpu);
    const peakRssBytes = rss.stop();
    await background.stop();

    const report = await sinkReport(sink);
    const enqueued = t.db.select({ n: count() }).from(deliveries).where(eq(deliveries.updateId, updateId)).get()!.n;
    const sent = t.db.select({ n: count() }).from(deliveries).where(eq(deliveries.state, 'sent')).get()!.n;
    if (enqueued !== n) problems.push(`${enqueued} deliveries enqueued for ${n} subscribers`);
    if (sent !== n) problems.push(`${sent} of ${n} deliveries marked sent`);
    if (report.messages !== n || report.distinctRecipients !== n) problems.push(`the sink got ${report.messages} mails for ${report.distinctRecipients} distinct recipients, expected ${n}`);
    if (stats.retried + stats.failed + stats.quarantined + stats.cancelled > 0) problems.push(`worker stats ${JSON.stringify(stats)}`);
    if (logged.length > 0 && (timedOut || problems.length > 0)) problems.push(`worker log: ${logged.slice(0, 3).join(' | ')}`);
    return { side: 'beacon', pool, messages: sent, enqueueMs, totalMs, latencies, senderCpuMs: (senderCpu.user + senderCpu.system) / 1000, sinkCpuMs: report.cpuMs, connections: report.connections, peakRssBytes, problems };
  } finally {
    t.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// Bare nodemailer

/** The mail Beacon composes for one subscriber, via the real composer: the bare side sends copies of it. */
function templateMail(): OutgoingMail {
  const prepared = prepareBeacon(1);
  try {
    postUpdate(prepared);
    const [row] = claimDue(prepared.t.db, 'email', Date.now(), 1, 60_000);
    const composed = createComposer(prepared.t.db, () => PUBLIC_URL)(row!, Date.now());
    if (!('mail' in composed)) throw new Error(`the composer skipped the template mail: ${composed.skip}`);
    return composed.mail;
  } finally {
    prepared.t.dispose();
  }
}

async function runBare(sink: Sink, pool: number, n: number, template: OutgoingMail): Promise<RoundResult> {
  const problems: string[] = [];
  const config = beaconConfig(sink.url, pool);
  // The options createSmtpMailer means to set, in the one form nodemailer reads as transport
  // options: after a URL string, a second argument only holds message defaults.
  const transport = nodemailer.createTransport({
    url: sink.url,
    pool: true,
    maxConnections: pool,
    maxMessages: Infinity,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: SOCKET_TIMEOUT_MS,
  });
  await sink.request({ type: 'reset' });
  const latencies: number[] = [];
  let failures = 0;
  let firstError = '';
  let next = 0;
  // `pool` lanes, each with one mail in flight: the worker's concurrency, no queue inside nodemailer.
  const lane = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      const started = performance.now();
      try {
        await transport.sendMail({
          from: config.mailFrom,
          to: `subscriber${i}@example.com`,
          subject: template.subject,
          text: template.text,
          html: template.html,
          messageId: `<bare.${i}.${newPublicId()}@status.acme.example>`,
          headers: { ...template.headers },
        });
        latencies.push(performance.now() - started);
      } catch (e) {
        failures++;
        firstError ||= (e as Error).message;
      }
    }
  };
  const rss = rssSampler();
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(Array.from({ length: pool }, lane));
  const totalMs = performance.now() - start;
  const senderCpu = process.cpuUsage(cpu);
  const peakRssBytes = rss.stop();
  transport.close();
  const report = await sinkReport(sink);
  if (failures > 0) problems.push(`${failures} sends failed, first: ${firstError}`);
  if (report.messages !== n || report.distinctRecipients !== n) problems.push(`the sink got ${report.messages} mails for ${report.distinctRecipients} distinct recipients, expected ${n}`);
  return { side: 'bare', pool, messages: latencies.length, enqueueMs: null, totalMs, latencies, senderCpuMs: (senderCpu.user + senderCpu.system) / 1000, sinkCpuMs: report.cpuMs, connections: report.connections, peakRssBytes, problems };
}

// ---------------------------------------------------------------------------------------------
// Report

const pad = (s: string, w: number): string => s.padStart(w);
const COLUMNS = ['pool', 'side', 'round', 'messages', 'enqueue s', 'total s', 'msg/s', 'p50 ms', 'p99 ms', 'sender CPU', 'CPU ms/mail', 'sink CPU', 'SMTP conns', 'peak RSS MB'] as const;
const WIDTHS = [4, 6, 5, 8, 9, 7, 7, 7, 7, 10, 11, 8, 10, 11] as const;

function row(cells: readonly string[]): string {
  return cells.map((c, i) => pad(c, WIDTHS[i]!)).join('  ');
}

function describe(r: RoundResult, round: string): string {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  return row([
    String(r.pool),
    r.side,
    round,
    String(r.messages),
    r.enqueueMs === null ? '—' : (r.enqueueMs / 1000).toFixed(3),
    (r.totalMs / 1000).toFixed(2),
    ((r.messages / r.totalMs) * 1000).toFixed(0),
    percentile(sorted, 50).toFixed(2),
    percentile(sorted, 99).toFixed(2),
    `${((r.senderCpuMs / r.totalMs) * 100).toFixed(0)}%`,
    (r.senderCpuMs / r.messages).toFixed(2),
    `${((r.sinkCpuMs / r.totalMs) * 100).toFixed(0)}%`,
    String(r.connections),
    (r.peakRssBytes / 2 ** 20).toFixed(0),
  ]);
}

/** Messages per second over every round of one side: total mails over total time. */
function rate(results: readonly RoundResult[]): number {
  const messages = results.reduce((s, r) => s + r.messages, 0);
  const ms = results.reduce((s, r) => s + r.totalMs, 0);
  return (messages / ms) * 1000;
}

async function main(): Promise<number> {
  const sink = await startSink();
  const problems: string[] = [];
  try {
    const template = templateMail();
    console.log(`Fan-out: ${SUBSCRIBERS} subscribers, pools ${POOLS.join(', ')}, ${ROUNDS} round(s) each; mail ${Buffer.byteLength(template.html) + Buffer.byteLength(template.text)} bytes of HTML + text; sink in process ${process.pid}'s child.`);
    // Warm-up (JIT, module loading, first connections), not reported.
    for (const r of [await runBare(sink, POOLS[0]!, WARM_UP, template), await runBeacon(sink, POOLS[0]!, WARM_UP)]) {
      problems.push(...r.problems.map((p) => `warm-up ${r.side}: ${p}`));
    }

    console.log();
    console.log(row([...COLUMNS]));
    const summary: string[] = [];
    for (const pool of POOLS) {
      const beacon: RoundResult[] = [];
      const bare: RoundResult[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        // Alternate who goes first, so drift on a shared machine does not favour one side.
        const order = round % 2 === 1 ? (['beacon', 'bare'] as const) : (['bare', 'beacon'] as const);
        for (const side of order) {
          const r = side === 'beacon' ? await runBeacon(sink, pool, SUBSCRIBERS) : await runBare(sink, pool, SUBSCRIBERS, template);
          (side === 'beacon' ? beacon : bare).push(r);
          console.log(describe(r, String(round)));
          problems.push(...r.problems.map((p) => `pool ${pool} ${side} round ${round}: ${p}`));
        }
      }
      const ratio = rate(beacon) / rate(bare);
      const slowest = Math.max(...beacon.map((r) => r.totalMs)) / 1000;
      summary.push(
        `pool ${pool}: Beacon ${rate(beacon).toFixed(0)} msg/s, bare ${rate(bare).toFixed(0)} msg/s, ratio ${ratio.toFixed(2)} ` +
          `(target ≥ ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'MISSED'}); ` +
          `slowest Beacon fan-out ${slowest.toFixed(1)} s (target ${TARGET_SUBSCRIBERS} in ≤ ${TARGET_SECONDS} s: ${SUBSCRIBERS !== TARGET_SUBSCRIBERS ? 'not measured' : slowest <= TARGET_SECONDS ? 'met' : 'MISSED'})`,
      );
    }
    console.log();
    for (const line of summary) console.log(line);
    console.log(`peak RSS of this process over the run: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  } finally {
    await sink.close();
  }
  if (problems.length > 0) {
    console.error('\nBROKEN:');
    for (const p of problems) console.error(`  ${p}`);
    return 1;
  }
  return 0;
}

process.exitCode = await main();
