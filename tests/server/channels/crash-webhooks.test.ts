import type { ChildProcess } from 'node:child_process';
import { and, count, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { deliveries, subscribers } from '../../../db/schema.js';
import { seal } from '../../../src/server/channels/secret-box.js';
import { LANE_POLICIES } from '../../../src/server/channels/lane-policy.js';
import { newSigningSecret } from '../../../src/server/channels/signing.js';
import { newPublicId } from '../../../src/server/ids.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, incident, page } from '../../helpers/fixtures.js';
import { spawnDeliverer, until } from '../../helpers/deliverer.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

const SUBSCRIBERS = 300;

let t: TempDatabase;
let sink: SmtpSink;
let receiver: WebhookReceiver;
const children: ChildProcess[] = [];

/** The deliverer, delivering to the loopback receiver (OUTBOUND_ALLOW_PRIVATE). */
function startDeliverer(): ChildProcess {
  const child = spawnDeliverer({ DATABASE_PATH: t.path, SMTP_URL: sink.url, OUTBOX_LEASE_MS: '2000', OUTBOUND_ALLOW_PRIVATE: 'true', PUBLIC_URL: 'https://status.acme.example' });
  children.push(child);
  return child;
}

afterEach(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await sink?.close();
  await receiver?.close();
  t?.dispose();
});

describe('a delivery process killed mid webhook fan-out', () => {
  it('loses no webhook after a restart, re-sends no more than the lane had in flight, under the same webhook-id', async () => {
    t = tempDatabase();
    const now = Date.now();
    page(t.db, 'Acme', 'UTC', now);
    const api = component(t.db, 'api', 'API', now);
    receiver = await startWebhookReceiver({ delayMs: 15 });
    sink = await startSmtpSink();
    t.db.insert(subscribers)
      .values(
        Array.from({ length: SUBSCRIBERS }, (_, i) => ({
          id: newPublicId(),
          email: `ops${i}@example.com`,
          channel: 'webhook' as const,
          endpoint: `${receiver.url}/s${i}`,
          signingSecret: seal(t.db, newSigningSecret(), now),
          state: 'active' as const,
          allComponents: true,
          createdAt: now,
          updatedAt: now,
          confirmedAt: now,
        })),
      )
      .run();
    incident(t.db, { title: 'Outage', startedAt: now, componentIds: [api], steps: [{ at: now, status: 'investigating', body: 'Down.' }] });
    expect(t.db.select({ n: count() }).from(deliveries).where(eq(deliveries.channel, 'webhook')).get()!.n).toBe(SUBSCRIBERS);

    const first = startDeliverer();
    await until(() => receiver.requests.length >= SUBSCRIBERS / 4, 'a quarter of the fan-out');
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect(receiver.requests.length).toBeLessThan(SUBSCRIBERS);

    startDeliverer();
    const sent = (): number => t.db.select({ n: count() }).from(deliveries).where(and(eq(deliveries.channel, 'webhook'), eq(deliveries.state, 'sent'))).get()!.n;
    await until(() => sent() === SUBSCRIBERS, 'every webhook delivery to be marked sent');

    const paths = receiver.requests.map((r) => r.path);
    expect(new Set(paths).size).toBe(SUBSCRIBERS);
    expect(paths.length - SUBSCRIBERS).toBeLessThanOrEqual(LANE_POLICIES.webhook.concurrency);
    const ids = new Map<string, Set<string>>();
    for (const r of receiver.requests) ids.set(r.path, (ids.get(r.path) ?? new Set()).add(String(r.headers['webhook-id'])));
    expect([...ids.values()].every((s) => s.size === 1)).toBe(true);
  }, 120_000);
});
