/**
 * Webhook fan-out: N webhook subscribers (default 10,000) on a loopback receiver, one published
 * update, drained by the real webhook lane (claim, opening the sealed URL, Statuspage body,
 * Standard Webhooks signature, guarded POST, mark sent), against a bare `fetch` loop POSTing the
 * same number of bodies of the same size with the same concurrency, in the same run. Targets:
 * ≤ 30 s, ratio (bare time / lane time) ≥ 0.8. Needs OUTBOUND_ALLOW_PRIVATE=true (the receiver
 * is on 127.0.0.1).
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { subscribers } from '../../db/schema.js';
import { sealEndpoint } from '../../src/server/channels/endpoint-seal.js';
import { seal } from '../../src/server/channels/secret-box.js';
import { LANE_POLICIES } from '../../src/server/channels/lane-policy.js';
import { startEndpointLanes } from '../../src/server/channels/lanes.js';
import { newSigningSecret } from '../../src/server/channels/signing.js';
import { newPublicId } from '../../src/server/ids.js';
import { createIncident } from '../../src/server/use-cases/incidents.js';
import { tempDatabase } from '../helpers/db.js';
import { component, page } from '../helpers/fixtures.js';
import { startWebhookReceiver } from '../helpers/webhook-receiver.js';

const { values: args } = parseArgs({ options: { subscribers: { type: 'string', default: '10000' } } });
const N = Number(args.subscribers);
const TARGET_SECONDS = 30;
const TARGET_RATIO = 0.8;
const POLICY = LANE_POLICIES.webhook;

async function bareLoop(url: string, body: string, n: number, concurrency: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < n) {
      next += 1;
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, redirect: 'manual', signal: AbortSignal.timeout(POLICY.timeoutMs) });
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (performance.now() - started) / 1000;
}

async function main(): Promise<number> {
  if (process.env.OUTBOUND_ALLOW_PRIVATE !== 'true') {
    console.error('Set OUTBOUND_ALLOW_PRIVATE=true: the receiver listens on 127.0.0.1.');
    return 2;
  }
  const t = tempDatabase();
  const receiver = await startWebhookReceiver({}, { record: false });
  const now = Date.now();
  page(t.db, 'Acme', 'UTC', now);
  const api = component(t.db, 'api', 'API', now);
  const sealed = seal(t.db, newSigningSecret(), now);
  t.db.transaction((tx) => {
    for (let i = 0; i < N; i++) {
      tx.insert(subscribers)
        .values({ id: newPublicId(), email: `hook${i}@example.com`, channel: 'webhook', endpoint: sealEndpoint(tx, `${receiver.url}/hook/${i}`, now), signingSecret: sealed, state: 'active', allComponents: true, linkGeneration: 1, confirmedAt: now, createdAt: now, updatedAt: now })
        .run();
    }
  });
  createIncident(t.db, { title: 'API errors', severity: 'SEV2', impactOverride: null, status: 'investigating', message: 'We are looking into elevated error rates on the API.', notify: true, changes: [{ componentId: api, status: 'major_outage' }] }, { id: null, label: 'bench' }, 'UTC', now);
  const queued = t.db.get<{ n: number }>(sql`select count(*) as n from deliveries where channel = 'webhook'`)!.n;

  const started = performance.now();
  const lanes = startEndpointLanes({ db: t.db, baseUrl: () => 'https://status.acme.example', allowPrivate: true, idleMs: 10, log: () => {} });
  while (receiver.requests.length < queued) await new Promise((r) => setTimeout(r, 20));
  const laneSeconds = (performance.now() - started) / 1000;
  await lanes.stop();
  const sent = t.db.get<{ n: number }>(sql`select count(*) as n from deliveries where channel = 'webhook' and state = 'sent'`)!.n;

  // Same size of body as one the lane sent: a Statuspage incident payload of this page.
  const body = JSON.stringify({ meta: {}, page: {}, incident: { name: 'API errors', body: 'x'.repeat(900) } });
  receiver.requests.length = 0;
  const bareSeconds = await bareLoop(`${receiver.url}/bare`, body, queued, POLICY.concurrency);
  await receiver.close();
  t.dispose();

  const ratio = bareSeconds / laneSeconds;
  console.log(`webhook subscribers: ${N}, deliveries queued: ${queued}, marked sent: ${sent}, lane concurrency: ${POLICY.concurrency}`);
  console.log(`lane:  ${laneSeconds.toFixed(2)} s (${Math.round(queued / laneSeconds)} req/s)`);
  console.log(`bare fetch loop: ${bareSeconds.toFixed(2)} s (${Math.round(queued / bareSeconds)} req/s)`);
  console.log(`ratio (bare / lane): ${ratio.toFixed(2)}; targets: ≤ ${TARGET_SECONDS} s and ≥ ${TARGET_RATIO}`);
  const ok = laneSeconds <= TARGET_SECONDS && ratio >= TARGET_RATIO;
  console.log(ok ? 'PASS' : 'MISS');
  return ok ? 0 : 1;
}

process.exitCode = await main();
