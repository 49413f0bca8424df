import { and, eq, gt } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveries } from '../../../db/schema.js';
import type { ClaimedDelivery } from '../../../src/server/outbox/claim.js';
import type { Mailer, OutgoingMail, SendResult } from '../../../src/server/outbox/mailer.js';
import { DeliveryWorker, type Composed } from '../../../src/server/outbox/worker.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { MINUTE } from '../../helpers/fixtures.js';
import { delivery, subscriber } from '../../helpers/subscribers.js';

const NOW = Date.UTC(2026, 10, 23, 9, 0);
const LEASE = 2 * MINUTE;

let t: TempDatabase;
let worker: DeliveryWorker | null = null;

beforeEach(() => {
  t = tempDatabase();
});
afterEach(async () => {
  await worker?.stop();
  worker = null;
  t.dispose();
});

const rows = () => t.db.select().from(deliveries).all();
const leasedPending = (now: number) =>
  t.db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.state, 'pending'), gt(deliveries.leaseUntil, now)))
    .all().length;

/** `n` rows due now, one subscriber each. */
function outbox(n: number): number[] {
  return Array.from({ length: n }, (_, i) => delivery(t.db, subscriber(t.db, `s${i}@example.com`, 'active', NOW), NOW, { kind: 'update', payload: null }));
}

const compose = (row: ClaimedDelivery): Composed => ({
  mail: { to: `${row.id}@example.com`, subject: 's', text: 't', html: 'h', messageId: `<${row.id}@test>`, inReplyTo: null, references: [], headers: {} },
});

/** A mailer whose sends end when the test says so; `onSend` sees the database as each send starts. */
function heldMailer(onSend: (mail: OutgoingMail) => void = () => {}): Mailer & { held: (() => void)[]; sent: string[] } {
  const held: (() => void)[] = [];
  const sent: string[] = [];
  return {
    held,
    sent,
    send(mail: OutgoingMail): Promise<SendResult> {
      onSend(mail);
      sent.push(mail.messageId);
      return new Promise((resolve) => held.push(() => resolve({ ok: true })));
    },
    close(): void {},
  };
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 1));
  }
}

describe('DeliveryWorker', () => {
  it('never has more mails sent-or-sending but unrecorded than its concurrency, and leases at most two pools ahead', async () => {
    const ids = outbox(40);
    const concurrency = 4;
    const seen: { unrecorded: number; leased: number }[] = [];
    const started = new Set<string>();
    const mailer = heldMailer((mail) => {
      started.add(mail.messageId);
      const recorded = new Set(
        rows()
          .filter((r) => r.state === 'sent')
          .map((r) => r.messageId),
      );
      seen.push({ unrecorded: [...started].filter((m) => !recorded.has(m)).length, leased: leasedPending(NOW) });
    });
    worker = new DeliveryWorker({ db: t.db, mailer, compose, concurrency, leaseMs: LEASE, idleMs: 10, now: () => NOW });
    worker.start();
    // Finish sends one or two at a time, in whatever order they are held.
    while (mailer.sent.length < ids.length || mailer.held.length > 0) {
      await until(() => mailer.held.length > 0);
      mailer.held.splice(0, 1 + (mailer.sent.length % 2)).forEach((finish) => finish());
      await new Promise((r) => setImmediate(r));
    }
    await until(() => worker!.stats.sent === ids.length);
    expect(rows().every((r) => r.state === 'sent' && r.attempts === 1)).toBe(true);
    expect(new Set(mailer.sent).size).toBe(ids.length);
    expect(Math.max(...seen.map((s) => s.unrecorded))).toBeLessThanOrEqual(concurrency);
    expect(Math.max(...seen.map((s) => s.leased))).toBeLessThanOrEqual(2 * concurrency);
    // It did claim ahead: at some point more rows were leased than being sent.
    expect(Math.max(...seen.map((s) => s.leased))).toBeGreaterThan(concurrency);
  });

  it('hands back rows it claimed but never attempted when stopped, uncounting the attempt', async () => {
    outbox(10);
    const mailer = heldMailer();
    worker = new DeliveryWorker({ db: t.db, mailer, compose, concurrency: 2, leaseMs: LEASE, idleMs: 10, now: () => NOW });
    worker.start();
    await until(() => mailer.held.length === 2);
    expect(leasedPending(NOW)).toBe(4);
    const stopping = worker.stop();
    mailer.held.forEach((finish) => finish());
    await stopping;
    worker = null;
    const states = rows().map((r) => `${r.state}/${r.attempts}/${r.leaseUntil ?? '-'}`);
    expect(states.filter((s) => s === 'sent/1/-')).toHaveLength(2);
    expect(states.filter((s) => s === 'pending/0/-')).toHaveLength(8);
  });

  it('drops a queued row whose lease ran out while it waited (a stalled relay), and sends it once under a new lease', async () => {
    const [first, second] = outbox(2) as [number, number];
    let now = NOW;
    const mailer = heldMailer();
    worker = new DeliveryWorker({ db: t.db, mailer, compose, concurrency: 1, leaseMs: LEASE, idleMs: 5, now: () => now });
    worker.start();
    await until(() => mailer.held.length === 1);
    expect(mailer.sent).toEqual([`<${first}@test>`]);
    // The send outlives the lease the second row was claimed with.
    now += LEASE + 1;
    mailer.held.shift()!();
    await until(() => mailer.held.length === 1);
    mailer.held.shift()!();
    await until(() => worker!.stats.sent === 2);
    expect(mailer.sent).toEqual([`<${first}@test>`, `<${second}@test>`]);
    const byId = new Map(rows().map((r) => [r.id, r]));
    expect(byId.get(first)).toMatchObject({ state: 'sent', attempts: 1 });
    // Claimed twice: once with the first row, then again after that lease had lapsed.
    expect(byId.get(second)).toMatchObject({ state: 'sent', attempts: 2 });
  });
});
