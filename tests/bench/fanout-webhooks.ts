/**
 * The fan-out benchmark's webhook section: N webhook subscribers (default 10,000) on a loopback
 * receiver, one published update, drained by the real webhook lane (claim, opening the sealed URL, Statuspage body,
 * Standard Webhooks signature, guarded POST, mark sent), against a bare `fetch` loop POSTing as
 * many copies of the body the first subscriber gets with the same concurrency, in the same run.
 * The update sets a component's status, so, as on Statuspage, each subscriber gets two webhooks:
 * the incident and the `component_update`. Targets: ≤ 30 s, ratio (bare time / lane time) ≥ 0.8.
 *
 * The receiver is on 127.0.0.1, which the outbound guard refuses unless private addresses are
 * allowed: the lanes are started here with `allowPrivate: true`, what OUTBOUND_ALLOW_PRIVATE=true
 * gives a server, so the person running the benchmark sets nothing. Everything runs in this
 * process; no child inherits the setting.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { subscribers } from '../../db/schema.js';
import { sealEndpoint } from '../../src/server/channels/endpoint-seal.js';
import { LANE_POLICIES } from '../../src/server/channels/lane-policy.js';
import { startEndpointLanes } from '../../src/server/channels/lanes.js';
import { seal } from '../../src/server/channels/secret-box.js';
import { newSigningSecret } from '../../src/server/channels/signing.js';
import { sharedIncidentWebhookBody, webhookBodyJson } from '../../src/server/channels/webhook-body.js';
import { newPublicId } from '../../src/server/ids.js';
import { subscriptionLinks } from '../../src/server/outbox/personal-links.js';
import { readPageSettings } from '../../src/server/settings.js';
import { linkKey } from '../../src/server/subscribers/access.js';
import { createIncident } from '../../src/server/use-cases/incidents.js';
import { tempDatabase, type TempDatabase } from '../helpers/db.js';
import { component, page } from '../helpers/fixtures.js';
import { startWebhookReceiver } from '../helpers/webhook-receiver.js';
import { until } from './fanout-measure.js';
import { judge, type SectionOutcome } from './fanout-report.js';

const BASE_URL = 'https://status.acme.example';
const TARGET_SUBSCRIBERS = 10_000;
const TARGET_SECONDS = 30;
const TARGET_RATIO = 0.8;
const POLICY = LANE_POLICIES.webhook;
const WARM_UP = 300;

/** `n` POSTs of `body` over `concurrency` loops, each with one request in flight; seconds and failures. */
async function bareLoop(url: string, body: string, n: number, concurrency: number): Promise<{ seconds: number; failures: number; firstError: string }> {
  let next = 0;
  let failures = 0;
  let firstError = '';
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < n) {
      next += 1;
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, redirect: 'manual', signal: AbortSignal.timeout(POLICY.timeoutMs) });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
      } catch (e) {
        failures++;
        firstError ||= (e as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { seconds: (performance.now() - started) / 1000, failures, firstError };
}

/** A page with one component, `n` active webhook subscribers on `receiverUrl`, and an incident that notifies them. */
function prepare(t: TempDatabase, n: number, receiverUrl: string): { eventId: string; firstSubscriber: string } {
  const now = Date.now();
  page(t.db, 'Acme', 'UTC', now);
  const api = component(t.db, 'api', 'API', now);
  const sealed = seal(t.db, newSigningSecret(), now);
  const ids = Array.from({ length: n }, () => newPublicId());
  t.db.transaction((tx) => {
    ids.forEach((id, i) => {
      tx.insert(subscribers)
        .values({ id, email: `hook${i}@example.com`, channel: 'webhook', endpoint: sealEndpoint(tx, `${receiverUrl}/hook/${i}`, now), signingSecret: sealed, state: 'active', allComponents: true, linkGeneration: 1, confirmedAt: now, createdAt: now, updatedAt: now })
        .run();
    });
  });
  const created = createIncident(t.db, { title: 'API errors', severity: 'SEV2', impactOverride: null, status: 'investigating', message: 'We are looking into elevated error rates on the API.', notify: true, changes: [{ componentId: api, status: 'major_outage' }] }, { id: null, label: 'bench' }, 'UTC', now);
  return { eventId: created.id, firstSubscriber: ids[0]! };
}

interface WebhookRound {
  readonly queued: number;
  readonly sent: number;
  readonly bodyBytes: number;
  readonly laneSeconds: number;
  readonly bareSeconds: number;
  readonly problems: string[];
}

/** One lane drain of `n` subscribers on a fresh database and receiver, then the bare loop over as many requests. */
async function webhookRound(n: number): Promise<WebhookRound> {
  const problems: string[] = [];
  const t = tempDatabase();
  const receiver = await startWebhookReceiver({}, { record: false });
  try {
    const { eventId, firstSubscriber } = prepare(t, n, receiver.url);
    const queued = t.db.get<{ n: number }>(sql`select count(*) as n from deliveries where channel = 'webhook'`)!.n;
    // The incident and the component_update, for each subscriber.
    if (queued !== 2 * n) problems.push(`${queued} deliveries queued for ${n} subscribers (expected ${2 * n}: the incident and the component_update each)`);

    const started = performance.now();
    const lanes = startEndpointLanes({ db: t.db, baseUrl: () => BASE_URL, allowPrivate: true, idleMs: 10, log: () => {} });
    try {
      await until(() => receiver.requests.length >= queued, 'every webhook to arrive');
    } catch (e) {
      problems.push(`${(e as Error).message} (${receiver.requests.length} of ${queued})`);
    }
    const laneSeconds = (performance.now() - started) / 1000;
    await lanes.stop();
    const received = receiver.requests.length;
    const sent = t.db.get<{ n: number }>(sql`select count(*) as n from deliveries where channel = 'webhook' and state = 'sent'`)!.n;
    if (sent !== queued || received !== queued) problems.push(`${received} requests received and ${sent} deliveries marked sent for ${queued} queued`);

    // The body the first subscriber got, byte for byte (the others differ only in their link).
    const now = Date.now();
    const shared = sharedIncidentWebhookBody(t.db, readPageSettings(t.db, now), BASE_URL, eventId);
    if (!shared) throw new Error('the incident vanished before the baseline');
    const body = webhookBodyJson(shared, subscriptionLinks(BASE_URL, linkKey(t.db, now), firstSubscriber, 1).unsubscribeUrl, new Date(now).toISOString());
    receiver.requests.length = 0;
    const bare = await bareLoop(`${receiver.url}/bare`, body, queued, POLICY.concurrency);
    if (bare.failures > 0) problems.push(`the bare loop failed ${bare.failures} times, first: ${bare.firstError}`);
    return { queued, sent, bodyBytes: Buffer.byteLength(body), laneSeconds, bareSeconds: bare.seconds, problems };
  } finally {
    await receiver.close();
    t.dispose();
  }
}

export async function runWebhookSection(n: number): Promise<SectionOutcome> {
  // Warm-up (JIT, loading fetch's and the guard's modules, first connections), not reported.
  const warm = await webhookRound(WARM_UP);
  const r = await webhookRound(n);
  const problems = [...warm.problems.map((p) => `webhooks warm-up: ${p}`), ...r.problems.map((p) => `webhooks: ${p}`)];
  const ratio = r.bareSeconds / r.laneSeconds;
  console.log(`Webhooks: ${n} subscribers, ${r.queued} deliveries queued, ${r.sent} marked sent, concurrency ${POLICY.concurrency}, body ${r.bodyBytes} bytes.`);
  console.log(`  lane ${r.laneSeconds.toFixed(2)} s (${Math.round(r.queued / r.laneSeconds)} req/s); bare fetch loop ${r.bareSeconds.toFixed(2)} s (${Math.round(r.queued / r.bareSeconds)} req/s)`);
  return {
    problems,
    verdicts: [
      { section: 'webhooks', measure: `lane drains ${n} subscribers' ${r.queued} webhooks, s`, figure: r.laneSeconds.toFixed(2), target: `≤ ${TARGET_SECONDS} s for ${TARGET_SUBSCRIBERS}`, verdict: judge(r.laneSeconds <= TARGET_SECONDS, n === TARGET_SUBSCRIBERS) },
      { section: 'webhooks', measure: `bare fetch time / lane time (${r.bareSeconds.toFixed(2)} / ${r.laneSeconds.toFixed(2)} s)`, figure: ratio.toFixed(2), target: `≥ ${TARGET_RATIO}`, verdict: judge(ratio >= TARGET_RATIO) },
    ],
  };
}
