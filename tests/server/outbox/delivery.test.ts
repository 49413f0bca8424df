import { eq } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveries, subscribers } from '../../../db/schema.js';
import { createComposer } from '../../../src/server/outbox/compose.js';
import { createSmtpMailer } from '../../../src/server/outbox/mailer.js';
import { DeliveryWorker } from '../../../src/server/outbox/worker.js';
import { submitConfirm } from '../../../src/server/forms/subscription-submit.js';
import { confirmSubscription, requestSubscription } from '../../../src/server/use-cases/subscriptions.js';
import { appendUpdate } from '../../../src/server/write/events.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, incident, MINUTE, page } from '../../helpers/fixtures.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.js';

const BASE = 'https://status.acme.example';
const T0 = Date.UTC(2026, 10, 20, 9, 0);

let t: TempDatabase;
let sink: SmtpSink;
let worker: DeliveryWorker | null;
let clock: number;
const logs: string[] = [];

/** A worker with a real pooled SMTP transport pointed at `url`, on a clock the test moves. */
function startWorker(url: string, options: { leaseMs?: number } = {}): DeliveryWorker {
  const mailer = createSmtpMailer({ url, from: 'Acme Status <status@acme.example>', poolSize: 3, socketTimeoutMs: 5_000 });
  const w = new DeliveryWorker({
    db: t.db,
    mailer,
    compose: createComposer(t.db, () => BASE),
    concurrency: 3,
    leaseMs: options.leaseMs ?? 60_000,
    idleMs: 20,
    now: () => clock,
    random: () => 0,
    retry: { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 10_000 },
    log: (line) => logs.push(line),
  });
  w.start();
  return w;
}

/** Subscribes and confirms `email` through the real use-cases (the confirmation mail is left in the outbox). */
function activeSubscriber(email: string, componentIds: readonly string[] | 'all'): string {
  requestSubscription(t.db, email, componentIds === 'all' ? { allComponents: true, componentIds: [] } : { allComponents: false, componentIds }, clock);
  const row = t.db.select().from(subscribers).where(eq(subscribers.email, email)).get()!;
  // Confirm without the mail: reach into the outbox for the token, as the mail's link would carry it.
  const payload = t.db.select().from(deliveries).where(eq(deliveries.subscriberId, row.id)).get()!.payload!;
  expect(confirmSubscription(t.db, JSON.parse(payload).token, clock)).not.toBeNull();
  t.db.update(deliveries).set({ state: 'cancelled' }).where(eq(deliveries.subscriberId, row.id)).run();
  return row.id;
}

/** A header's value as sent (mailparser folds List-* headers into a structure). */
const rawHeader = (m: ParsedMail, name: string): string | null => {
  const line = m.headerLines.find((h) => h.key === name)?.line;
  return line === undefined ? null : line.slice(line.indexOf(':') + 1).trim();
};
const to = (m: ParsedMail): string => (Array.isArray(m.to) ? m.to[0]! : m.to!).value[0]!.address!;
const states = (): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const r of t.db.select({ state: deliveries.state }).from(deliveries).where(eq(deliveries.kind, 'update')).all()) out[r.state] = (out[r.state] ?? 0) + 1;
  return out;
};
async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeEach(async () => {
  t = tempDatabase();
  clock = T0;
  page(t.db, 'Acme <Cloud>', 'Europe/Berlin', T0);
  sink = await startSmtpSink();
  worker = null;
});

afterEach(async () => {
  await worker?.stop();
  await sink.close();
  t.dispose();
});

describe('double opt-in', () => {
  it('sends only the confirmation mail to a new address; its link confirms; then updates arrive', async () => {
    const api = component(t.db, 'api', 'API', T0);
    requestSubscription(t.db, 'Ann@Example.com', { allComponents: true, componentIds: [] }, clock);
    incident(t.db, { title: 'Before confirming', startedAt: clock, componentIds: [api], steps: [{ at: clock, status: 'investigating', body: 'Not for Ann.', set: { [api]: 'major_outage' } }] });
    worker = startWorker(sink.url);
    await sink.waitFor(1);
    const confirm = sink.messages[0]!;
    expect(to(confirm)).toBe('ann@example.com');
    expect(confirm.subject).toContain('Confirm');
    const link = /https:\/\/status\.acme\.example\/subscribe\/confirm\/([a-z2-7]+)/.exec(confirm.text!)!;
    expect(link).not.toBeNull();
    expect(rawHeader(confirm, 'list-unsubscribe')).toBeNull();

    const confirmed = submitConfirm(t.db, link[1]!, clock);
    expect(confirmed?.managePath).toMatch(/^\/subscriptions\/[0-9a-z]{12}\.[a-z2-7]{32}$/);
    // The token is single-use and no longer stored anywhere.
    expect(submitConfirm(t.db, link[1]!, clock)).toBeNull();
    await until(() => t.db.select().from(deliveries).where(eq(deliveries.kind, 'confirm')).get()!.state === 'sent', 'the confirmation to be recorded');
    expect(t.db.select({ payload: deliveries.payload }).from(deliveries).where(eq(deliveries.kind, 'confirm')).get()!.payload).toBeNull();

    incident(t.db, { title: 'After confirming', startedAt: clock, componentIds: [api], steps: [{ at: clock, status: 'investigating', body: 'For Ann.' }] });
    worker.notify();
    await sink.waitFor(2);
    await new Promise((r) => setTimeout(r, 200));
    expect(sink.messages.map((m) => m.subject)).toEqual([confirm.subject, '[Acme <Cloud>] After confirming']);
    expect(sink.messages[1]!.html).toContain('Acme &lt;Cloud&gt;');
  });
});

describe('fan-out', () => {
  it('reaches exactly the subscribers of an affected component or of everything', async () => {
    const api = component(t.db, 'api', 'API', T0);
    const web = component(t.db, 'web', 'Website', T0);
    activeSubscriber('all@example.com', 'all');
    activeSubscriber('api@example.com', [api]);
    activeSubscriber('web@example.com', [web]);
    activeSubscriber('both@example.com', [api, web]);
    incident(t.db, { title: 'API errors', startedAt: clock, componentIds: [api], steps: [{ at: clock, status: 'investigating', body: 'Looking.', set: { [api]: 'partial_outage' } }] });
    worker = startWorker(sink.url);
    await sink.waitFor(3);
    await until(() => states().pending === undefined, 'the outbox to drain');
    expect(sink.messages.map(to).sort()).toEqual(['all@example.com', 'api@example.com', 'both@example.com']);
    const mail = sink.messages.find((m) => to(m) === 'api@example.com')!;
    expect(mail.text).toContain('Looking.');
    expect(mail.text).toContain('API');
    expect(mail.text).toContain(`${BASE}/incidents/`);
  });

  it('threads every mail of one incident under the first, with stable ids and one-click unsubscribe headers', async () => {
    const api = component(t.db, 'api', 'API', T0);
    const ann = activeSubscriber('ann@example.com', 'all');
    const inc = incident(t.db, {
      title: 'Slow API',
      startedAt: clock - 2 * MINUTE,
      componentIds: [api],
      steps: [
        { at: clock - 2 * MINUTE, status: 'investigating', body: 'One.', set: { [api]: 'degraded_performance' } },
        { at: clock - MINUTE, status: 'identified', body: 'Two.' },
      ],
    });
    worker = startWorker(sink.url);
    await sink.waitFor(2);
    t.db.transaction((tx) => appendUpdate(tx, { eventId: inc.id, status: 'resolved', body: 'Three.', displayAt: clock, notify: true, authorId: null, changes: [{ componentId: api, status: 'operational' }] }, clock));
    worker.notify();
    // Within the composer's cache lifetime: the new update must still be found, not taken as deleted.
    await sink.waitFor(3);
    const byBody = (s: string): ParsedMail => sink.messages.find((m) => m.text!.includes(s))!;
    const [first, second, third] = [byBody('One.'), byBody('Two.'), byBody('Three.')];
    expect(first.messageId).toMatch(new RegExp(`^<update\\.[0-9a-z]{12}\\.${ann}@status\\.acme\\.example>$`));
    expect(first.inReplyTo).toBeUndefined();
    expect(second.inReplyTo).toBe(first.messageId);
    expect(second.references).toBe(first.messageId);
    // Each later mail replies to the one before and names the root, not the root alone.
    expect(third.inReplyTo).toBe(second.messageId);
    expect(third.references).toEqual([first.messageId, second.messageId]);
    expect(new Set(sink.messages.map((m) => m.subject)).size).toBe(1);
    expect(rawHeader(third, 'list-unsubscribe')).toMatch(new RegExp(`^<${BASE}/unsubscribe/${ann}\\.[a-z2-7]{32}>$`));
    expect(rawHeader(third, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(third.text).toContain(`${BASE}/subscriptions/${ann}.`);
    // Recorded as sent with the same Message-ID the reader got.
    const sent = t.db.select({ messageId: deliveries.messageId }).from(deliveries).where(eq(deliveries.state, 'sent')).all().map((r) => r.messageId);
    expect(sent).toContain(first.messageId);
  });
});

describe('threading for each subscriber', () => {
  // Regression: every update named only the first in References, which a subscriber who joined
  // later never got, and skipped the mails in between.
  it('threads with the event’s root and the last mail this subscriber got', async () => {
    const api = component(t.db, 'api', 'API', T0);
    const ann = activeSubscriber('ann@example.com', 'all');
    const inc = incident(t.db, {
      title: 'Slow API',
      startedAt: clock - 3 * MINUTE,
      componentIds: [api],
      steps: [{ at: clock - 3 * MINUTE, status: 'investigating', body: 'One.', set: { [api]: 'degraded_performance' } }],
    });
    worker = startWorker(sink.url);
    await sink.waitFor(1);
    const bob = activeSubscriber('bob@example.com', 'all');
    const post = (body: string, notify: boolean, at: number): void =>
      void t.db.transaction((tx) => appendUpdate(tx, { eventId: inc.id, status: 'identified', body, displayAt: at, notify, authorId: null, changes: [] }, at));
    post('Two.', true, clock - 2 * MINUTE);
    worker.notify();
    await sink.waitFor(3);
    post('Three, not mailed.', false, clock - MINUTE);
    post('Four.', true, clock);
    worker.notify();
    await sink.waitFor(5);
    const mail = (who: string, body: string): ParsedMail => sink.messages.find((m) => to(m) === who && m.text!.includes(body))!;
    const rootOf = (subscriber: string): string => mail('ann@example.com', 'One.').messageId!.replace(ann, subscriber);

    // Bob never got the first update: his second mail still names the root, and his third replies to his second.
    expect(mail('bob@example.com', 'Two.').inReplyTo).toBe(rootOf(bob));
    expect(mail('bob@example.com', 'Two.').references).toBe(rootOf(bob));
    expect(mail('bob@example.com', 'Four.').inReplyTo).toBe(mail('bob@example.com', 'Two.').messageId);
    expect(mail('bob@example.com', 'Four.').references).toEqual([rootOf(bob), mail('bob@example.com', 'Two.').messageId]);
    // An update posted without notice is no part of anyone's thread.
    expect(mail('ann@example.com', 'Four.').inReplyTo).toBe(mail('ann@example.com', 'Two.').messageId);
    expect(mail('ann@example.com', 'Four.').references).toEqual([rootOf(ann), mail('ann@example.com', 'Two.').messageId]);
    expect(sink.messages.some((m) => m.text!.includes('Three'))).toBe(false);
  });
});

describe('failures', () => {
  it('quarantines an address its server refuses with 5xx, and keeps sending to the others', async () => {
    const api = component(t.db, 'api', 'API', T0);
    const gone = activeSubscriber('gone@example.com', 'all');
    activeSubscriber('ok@example.com', 'all');
    sink.behaviour.rcpt = (a) => (a === 'gone@example.com' ? { code: 550, message: 'No such user here' } : null);
    incident(t.db, { title: 'First', startedAt: clock, componentIds: [api], steps: [{ at: clock, status: 'investigating', body: 'One.' }] });
    worker = startWorker(sink.url);
    await sink.waitFor(1);
    await until(() => states().pending === undefined, 'the outbox to settle');
    const row = t.db.select().from(subscribers).where(eq(subscribers.id, gone)).get()!;
    expect(row.state).toBe('quarantined');
    expect(row.quarantineReason).toContain('550');
    expect(states()).toEqual({ sent: 1, failed: 1 });
    // A quarantined address is not enqueued for later updates.
    incident(t.db, { title: 'Second', startedAt: clock, componentIds: [api], steps: [{ at: clock, status: 'investigating', body: 'Two.' }] });
    worker.notify();
    await sink.waitFor(2);
    expect(sink.messages.map(to)).toEqual(['ok@example.com', 'ok@example.com']);
  });

  it('retries a 4xx with backoff and delivers once the server accepts', async () => {
    const api = component(t.db, 'api', 'API', T0);
    activeSubscriber('ann@example.com', 'all');
    sink.behaviour.data = () => ({ code: 451, message: 'Try again later' });
    incident(t.db, { title: 'Busy relay', startedAt: clock, componentIds: [api], steps: [{ at: clock, status: 'investigating', body: 'One.' }] });
    worker = startWorker(sink.url);
    await until(() => t.db.select().from(deliveries).where(eq(deliveries.kind, 'update')).get()!.lastError !== null, 'the first failed attempt');
    const row = t.db.select().from(deliveries).where(eq(deliveries.kind, 'update')).get()!;
    expect(row.lastError).toContain('451');
    expect(row.nextAttemptAt).toBe(clock + 500); // base 1 s, jitter draw 0 → half the nominal delay
    // Not retried before its time.
    await new Promise((r) => setTimeout(r, 150));
    expect(t.db.select().from(deliveries).where(eq(deliveries.kind, 'update')).get()!.attempts).toBe(1);
    sink.behaviour.data = undefined;
    clock += 600;
    worker.notify();
    await sink.waitFor(1);
    await until(() => states().sent === 1, 'the row to be marked sent');
    expect(t.db.select().from(deliveries).where(eq(deliveries.kind, 'update')).get()!.attempts).toBe(2);
  });

  it('marks a row failed after the last attempt, for an admin to see', async () => {
    const api = component(t.db, 'api', 'API', T0);
    activeSubscriber('ann@example.com', 'all');
    sink.behaviour.data = () => ({ code: 452, message: 'Mailbox full' });
    incident(t.db, { title: 'Never', startedAt: clock, componentIds: [api], steps: [{ at: clock, status: 'investigating', body: 'One.' }] });
    worker = startWorker(sink.url);
    for (let attempt = 1; attempt <= 4; attempt++) {
      await until(() => t.db.select().from(deliveries).where(eq(deliveries.kind, 'update')).get()!.attempts === attempt && !t.db.select().from(deliveries).where(eq(deliveries.kind, 'update')).get()!.leaseUntil, `attempt ${attempt}`);
      clock += 20_000;
      worker.notify();
    }
    await until(() => states().failed === 1, 'the row to fail');
    expect(t.db.select().from(subscribers).get()!.state).toBe('active');
  });

  it('keeps mail pending while the SMTP server is down and delivers when it comes back', async () => {
    const api = component(t.db, 'api', 'API', T0);
    activeSubscriber('ann@example.com', 'all');
    const port = sink.port;
    await sink.close();
    incident(t.db, { title: 'While down', startedAt: clock, componentIds: [api], steps: [{ at: clock, status: 'investigating', body: 'One.' }] });
    worker = startWorker(`smtp://127.0.0.1:${port}`);
    await until(() => (t.db.select().from(deliveries).where(eq(deliveries.kind, 'update')).get()!.lastError ?? '').length > 0, 'a refused connection');
    expect(states()).toEqual({ pending: 1 });
    sink = await startSmtpSink({}, port);
    clock += 5_000;
    worker.notify();
    await sink.waitFor(1);
    expect(sink.messages[0]!.subject).toBe('[Acme <Cloud>] While down');
  });

  it('gives up on a relay that stalls mid-DATA, retries after backoff, and delivers once it answers', async () => {
    const api = component(t.db, 'api', 'API', T0);
    activeSubscriber('ann@example.com', 'all');
    sink.behaviour.delayMs = 3_000;
    incident(t.db, { title: 'Stalled relay', startedAt: clock, componentIds: [api], steps: [{ at: clock, status: 'investigating', body: 'One.' }] });
    const mailer = createSmtpMailer({ url: sink.url, from: 'status@acme.example', poolSize: 1, socketTimeoutMs: 300 });
    worker = new DeliveryWorker({
      db: t.db,
      mailer,
      compose: createComposer(t.db, () => BASE),
      concurrency: 1,
      leaseMs: 10_000,
      idleMs: 20,
      now: () => clock,
      random: () => 0,
      retry: { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 10_000 },
      log: () => {},
    });
    worker.start();
    const row = (): typeof deliveries.$inferSelect => t.db.select().from(deliveries).where(eq(deliveries.kind, 'update')).get()!;
    await until(() => row().lastError !== null, 'the stalled send to time out');
    expect(row()).toMatchObject({ state: 'pending', attempts: 1, leaseUntil: null });
    expect(row().lastError).toMatch(/timeout|ETIMEDOUT/i);
    sink.behaviour.delayMs = 0;
    clock += 1_000;
    worker.notify();
    await until(() => row().state === 'sent', 'the retry to go through');
    // The stalled copy may still have landed after the client gave up: at most one extra.
    await new Promise((r) => setTimeout(r, 3_200));
    expect(sink.messages.filter((m) => m.subject === '[Acme <Cloud>] Stalled relay').length).toBeGreaterThanOrEqual(1);
    expect(sink.messages.filter((m) => m.subject === '[Acme <Cloud>] Stalled relay').length).toBeLessThanOrEqual(2);
  }, 30_000);
});
