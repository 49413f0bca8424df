/**
 * The mail section's Beacon side: one incident update fanned out to `n` active subscribers
 * through Beacon's real path (use-case with notify → outbox INSERT … SELECT → DeliveryWorker →
 * pooled SMTP), and the composed mail the bare side sends copies of.
 */
import { performance } from 'node:perf_hooks';
import { count, eq } from 'drizzle-orm';
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
import { sinkReport, type Sink } from './fanout-sink-client.js';
import { rssSampler, until, type RoundResult } from './fanout-measure.js';

export const PUBLIC_URL = 'https://status.acme.example';
/** Beacon's socket timeout for the default 2-minute lease (background.ts: min(30 s, lease / 2)), ms. */
export const SOCKET_TIMEOUT_MS = 30_000;
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

interface Prepared {
  readonly t: TempDatabase;
  readonly eventId: string;
  readonly componentId: string;
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

export function beaconConfig(smtpUrl: string, pool: number): Config {
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

/** The mail Beacon composes for one subscriber, via the real composer: the bare side sends copies of it. */
export function templateMail(): OutgoingMail {
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

export async function runBeacon(sink: Sink, pool: number, n: number): Promise<RoundResult> {
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
