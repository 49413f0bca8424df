import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveries, subscribers } from '../../../db/schema.js';
import { nextAttemptAt, type RetryPolicy } from '../../../src/core/delivery.js';
import { claimDue, markCancelled, markFailed, markSent, releaseClaims } from '../../../src/server/outbox/claim.js';
import { unsubscribe } from '../../../src/server/use-cases/subscriptions.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { MINUTE } from '../../helpers/fixtures.js';
import { delivery, subscriber } from '../../helpers/subscribers.js';

const NOW = Date.UTC(2026, 10, 22, 14, 5);
const LEASE = 2 * MINUTE;
const POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 10_000, maxDelayMs: 60_000 };

let t: TempDatabase;
let ana: string;
let ben: string;

beforeEach(() => {
  t = tempDatabase();
  ana = subscriber(t.db, 'ana@example.com', 'active', NOW - MINUTE);
  ben = subscriber(t.db, 'ben@example.com', 'active', NOW - MINUTE);
});
afterEach(() => t.dispose());

const row = (id: number) => t.db.select().from(deliveries).where(eq(deliveries.id, id)).get()!;
const person = (id: string) => t.db.select().from(subscribers).where(eq(subscribers.id, id)).get()!;

describe('claimDue', () => {
  it('leases due rows until now + leaseMs, counts the attempt and returns what the sender needs', () => {
    const id = delivery(t.db, ana, NOW - 1, { payload: '{"token":"abc"}', dedupeKey: 'confirm:x' });
    expect(claimDue(t.db, 'email', NOW, 10, LEASE)).toEqual([
      { id, kind: 'confirm', channel: 'email', subscriberId: ana, teamChannelId: null, eventId: null, updateId: null, componentChangeId: null, payload: '{"token":"abc"}', dedupeKey: 'confirm:x', attempts: 1, leaseUntil: NOW + LEASE },
    ]);
    expect(row(id)).toMatchObject({ state: 'pending', leaseUntil: NOW + LEASE, attempts: 1, updatedAt: NOW });
  });

  it('leaves rows that are not due yet', () => {
    const due = delivery(t.db, ana, NOW);
    const later = delivery(t.db, ana, NOW + 1);
    expect(claimDue(t.db, 'email', NOW, 10, LEASE).map((r) => r.id)).toEqual([due]);
    expect(row(later)).toMatchObject({ leaseUntil: null, attempts: 0 });
    expect(claimDue(t.db, 'email', NOW + 1, 10, LEASE).map((r) => r.id)).toEqual([later]);
  });

  it('never leases a row twice while its lease runs (two workers, one row)', () => {
    const id = delivery(t.db, ana, NOW);
    expect(claimDue(t.db, 'email', NOW, 10, LEASE)).toHaveLength(1);
    expect(claimDue(t.db, 'email', NOW, 10, LEASE)).toEqual([]);
    expect(claimDue(t.db, 'email', NOW + LEASE - 1, 10, LEASE)).toEqual([]);
    expect(row(id).attempts).toBe(1);
  });

  it('takes a row back once its lease lapsed (the worker died mid-send), counting another attempt', () => {
    const id = delivery(t.db, ana, NOW);
    claimDue(t.db, 'email', NOW, 10, LEASE);
    const again = claimDue(t.db, 'email', NOW + LEASE, 10, LEASE);
    expect(again.map((r) => [r.id, r.attempts])).toEqual([[id, 2]]);
    expect(row(id).leaseUntil).toBe(NOW + 2 * LEASE);
  });

  it('claims at most `limit` rows, oldest due first, and the rest on the next call', () => {
    const c = delivery(t.db, ana, NOW - 1);
    const a = delivery(t.db, ana, NOW - 3);
    const b = delivery(t.db, ben, NOW - 2);
    const d = delivery(t.db, ben, NOW - 2);
    expect(claimDue(t.db, 'email', NOW, 2, LEASE).map((r) => r.id)).toEqual([a, b].sort((x, y) => x - y));
    expect(claimDue(t.db, 'email', NOW, 2, LEASE).map((r) => r.id)).toEqual([c, d].sort((x, y) => x - y));
    expect(claimDue(t.db, 'email', NOW, 2, LEASE)).toEqual([]);
  });

  it('ignores sent, failed and cancelled rows, however old', () => {
    for (const state of ['sent', 'failed', 'cancelled'] as const) delivery(t.db, ana, NOW - 60 * MINUTE, { state });
    expect(claimDue(t.db, 'email', NOW, 10, LEASE)).toEqual([]);
  });

  it('returns nothing from an empty outbox', () => {
    expect(claimDue(t.db, 'email', NOW, 10, LEASE)).toEqual([]);
  });
});

describe('markSent', () => {
  it('records the message id and time, forgets the token and the lease; the row is never claimed again', () => {
    const id = delivery(t.db, ana, NOW, { payload: '{"token":"secret"}' });
    claimDue(t.db, 'email', NOW, 10, LEASE);
    markSent(t.db, [{ id, messageId: '<confirm.1.x@status.example.com>' }], NOW + 5);
    expect(row(id)).toMatchObject({ state: 'sent', sentAt: NOW + 5, messageId: '<confirm.1.x@status.example.com>', payload: null, leaseUntil: null, lastError: null, updatedAt: NOW + 5 });
    expect(claimDue(t.db, 'email', NOW + 10 * LEASE, 10, LEASE)).toEqual([]);
  });

  it('clears the error of an earlier failed attempt', () => {
    const id = delivery(t.db, ana, NOW);
    const [claimed] = claimDue(t.db, 'email', NOW, 10, LEASE);
    markFailed(t.db, claimed!, 'temporary', '421 try later', NOW, 0, POLICY);
    markSent(t.db, [{ id, messageId: '<m@x>' }], NOW + MINUTE);
    expect(row(id).lastError).toBeNull();
  });

  it('records a batch in one go, each row with its own message id', () => {
    const a = delivery(t.db, ana, NOW);
    const b = delivery(t.db, ben, NOW);
    claimDue(t.db, 'email', NOW, 10, LEASE);
    markSent(t.db, [{ id: a, messageId: '<a@x>' }, { id: b, messageId: '<b@x>' }], NOW + 3);
    expect([row(a), row(b)].map((r) => [r.state, r.messageId, r.sentAt])).toEqual([
      ['sent', '<a@x>', NOW + 3],
      ['sent', '<b@x>', NOW + 3],
    ]);
  });

  it('leaves a row cancelled while its mail was in flight cancelled', () => {
    const id = delivery(t.db, ana, NOW);
    claimDue(t.db, 'email', NOW, 10, LEASE);
    markCancelled(t.db, id, 'subscriber is unsubscribed', NOW + 1);
    markSent(t.db, [{ id, messageId: '<m@x>' }], NOW + 2);
    expect(row(id)).toMatchObject({ state: 'cancelled', messageId: null, sentAt: null });
  });
});

describe('releaseClaims', () => {
  it('makes unattempted rows due again at once and uncounts the attempt', () => {
    const id = delivery(t.db, ana, NOW);
    const claimed = claimDue(t.db, 'email', NOW, 10, LEASE);
    releaseClaims(t.db, claimed, NOW + 1);
    expect(row(id)).toMatchObject({ state: 'pending', leaseUntil: null, attempts: 0 });
    expect(claimDue(t.db, 'email', NOW + 2, 10, LEASE).map((r) => [r.id, r.attempts])).toEqual([[id, 1]]);
  });

  it('leaves a row another worker leased since (its lease is not ours) and rows no longer pending', () => {
    const mine = delivery(t.db, ana, NOW);
    const done = delivery(t.db, ben, NOW);
    const claimed = claimDue(t.db, 'email', NOW, 10, LEASE);
    // Our lease lapsed and someone else took the first row; the second was sent meanwhile.
    const theirs = claimDue(t.db, 'email', NOW + LEASE, 1, LEASE);
    expect(theirs.map((r) => r.id)).toEqual([mine]);
    markSent(t.db, [{ id: done, messageId: '<d@x>' }], NOW + LEASE);
    releaseClaims(t.db, claimed, NOW + LEASE + 1);
    expect(row(mine)).toMatchObject({ leaseUntil: NOW + 2 * LEASE, attempts: 2 });
    expect(row(done)).toMatchObject({ state: 'sent', attempts: 1 });
  });
});

describe('markCancelled', () => {
  it('ends the row with the reason, dropping payload and lease', () => {
    const id = delivery(t.db, ana, NOW, { payload: '{"token":"secret"}' });
    claimDue(t.db, 'email', NOW, 10, LEASE);
    markCancelled(t.db, id, 'subscriber is unsubscribed', NOW + 1);
    expect(row(id)).toMatchObject({ state: 'cancelled', payload: null, leaseUntil: null, lastError: 'subscriber is unsubscribed', updatedAt: NOW + 1, sentAt: null });
    expect(claimDue(t.db, 'email', NOW + 10 * LEASE, 10, LEASE)).toEqual([]);
  });
});

describe('markFailed: temporary', () => {
  it('puts the row back to pending after the backoff, unleased, with the error', () => {
    const id = delivery(t.db, ana, NOW);
    const [claimed] = claimDue(t.db, 'email', NOW, 10, LEASE);
    expect(markFailed(t.db, claimed!, 'temporary', '451 local error', NOW + 1, 0.5, POLICY)).toBe('retry');
    const next = nextAttemptAt(1, NOW + 1, 0.5, POLICY)!;
    expect(row(id)).toMatchObject({ state: 'pending', nextAttemptAt: next, leaseUntil: null, lastError: '451 local error', attempts: 1 });
    expect(claimDue(t.db, 'email', next - 1, 10, LEASE)).toEqual([]);
    expect(claimDue(t.db, 'email', next, 10, LEASE).map((r) => r.attempts)).toEqual([2]);
  });

  it('fails the row for good once the last attempt failed, and it is never claimed again', () => {
    const id = delivery(t.db, ana, NOW);
    let now = NOW;
    const outcomes: string[] = [];
    for (;;) {
      const claimed = claimDue(t.db, 'email', now, 10, LEASE);
      if (claimed.length === 0) break;
      outcomes.push(markFailed(t.db, claimed[0]!, 'temporary', 'connection refused', now, 0.99, POLICY));
      now = Math.max(now + 1, row(id).nextAttemptAt);
    }
    expect(outcomes).toEqual(['retry', 'retry', 'failed']);
    expect(row(id)).toMatchObject({ state: 'failed', attempts: POLICY.maxAttempts, leaseUntil: null, lastError: 'connection refused' });
    expect(claimDue(t.db, 'email', now + 24 * 60 * MINUTE, 10, LEASE)).toEqual([]);
  });

  it('keeps at most 500 characters of the error', () => {
    const id = delivery(t.db, ana, NOW);
    const [claimed] = claimDue(t.db, 'email', NOW, 10, LEASE);
    markFailed(t.db, claimed!, 'temporary', 'x'.repeat(5_000), NOW, 0, POLICY);
    expect(row(id).lastError).toBe('x'.repeat(500));
  });

  it('leaves the subscriber and their other rows alone', () => {
    const id = delivery(t.db, ana, NOW);
    const other = delivery(t.db, ana, NOW + MINUTE);
    const [claimed] = claimDue(t.db, 'email', NOW, 1, LEASE);
    markFailed(t.db, claimed!, 'temporary', '421', NOW, 0, POLICY);
    expect(person(ana).state).toBe('active');
    expect(row(other).state).toBe('pending');
    expect(row(id).state).toBe('pending');
  });

  it('does not bring back a row cancelled while it was being sent (the subscriber left meanwhile)', () => {
    const id = delivery(t.db, ana, NOW, { kind: 'confirm' });
    const [claimed] = claimDue(t.db, 'email', NOW, 10, LEASE);
    unsubscribe(t.db, ana, NOW + 1);
    expect(row(id).state).toBe('cancelled');
    markFailed(t.db, claimed!, 'temporary', '421 try later', NOW + 2, 0, POLICY);
    // cancelled is final: DELIVERY_STATES allows no way back to pending for it.
    expect(row(id).state).toBe('cancelled');
  });
});

describe('markFailed: permanent', () => {
  it('fails the row, quarantines the subscriber with the SMTP reply, cancels everything else owed to them', () => {
    const id = delivery(t.db, ana, NOW);
    const otherPending = delivery(t.db, ana, NOW + MINUTE, { payload: '{"token":"t2"}' });
    const alreadySent = delivery(t.db, ana, NOW - MINUTE, { state: 'sent', payload: null });
    const bens = delivery(t.db, ben, NOW + MINUTE);
    const [claimed] = claimDue(t.db, 'email', NOW, 1, LEASE);
    expect(claimed!.id).toBe(id);
    expect(markFailed(t.db, claimed!, 'permanent', '550 5.1.1 <ana@example.com>: user unknown', NOW + 5, 0, POLICY)).toBe('quarantined');

    expect(row(id)).toMatchObject({ state: 'failed', leaseUntil: null, lastError: '550 5.1.1 <ana@example.com>: user unknown', updatedAt: NOW + 5 });
    expect(person(ana)).toMatchObject({ state: 'quarantined', quarantinedAt: NOW + 5, quarantineReason: '550 5.1.1 <ana@example.com>: user unknown', updatedAt: NOW + 5 });
    expect(row(otherPending)).toMatchObject({ state: 'cancelled', payload: null, leaseUntil: null });
    expect(row(alreadySent).state).toBe('sent');
    expect(row(bens).state).toBe('pending');
    expect(person(ben).state).toBe('active');
    expect(claimDue(t.db, 'email', NOW + 60 * MINUTE, 10, LEASE).map((r) => r.subscriberId)).toEqual([ben]);
  });

  it('quarantines an unconfirmed address whose confirmation bounced', () => {
    const carl = subscriber(t.db, 'carl@example.com', 'unconfirmed', NOW);
    delivery(t.db, carl, NOW);
    const [claimed] = claimDue(t.db, 'email', NOW, 1, LEASE);
    markFailed(t.db, claimed!, 'permanent', '550 no such user', NOW, 0, POLICY);
    expect(person(carl).state).toBe('quarantined');
  });

  it('does not turn an address that unsubscribed meanwhile into a quarantined one', () => {
    const id = delivery(t.db, ana, NOW);
    const [claimed] = claimDue(t.db, 'email', NOW, 1, LEASE);
    unsubscribe(t.db, ana, NOW + 1);
    markFailed(t.db, claimed!, 'permanent', '550 no such user', NOW + 2, 0, POLICY);
    expect(person(ana)).toMatchObject({ state: 'unsubscribed', quarantinedAt: null, quarantineReason: null });
    // Cancelled when they left, and it stays so: nothing is owed to them any more.
    expect(row(id).state).toBe('cancelled');
  });

  it('quarantines even on the first attempt, whatever attempts remain', () => {
    delivery(t.db, ana, NOW);
    const [claimed] = claimDue(t.db, 'email', NOW, 1, LEASE);
    expect(claimed!.attempts).toBe(1);
    expect(markFailed(t.db, claimed!, 'permanent', '550', NOW, 0, { ...POLICY, maxAttempts: 100 })).toBe('quarantined');
  });
});
