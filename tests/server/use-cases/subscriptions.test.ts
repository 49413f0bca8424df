import { and, asc, count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { auditLog, deliveries, subscriberComponents, subscribers } from '../../../db/schema.js';
import { SYSTEM, type Actor } from '../../../src/server/audit.js';
import { hashToken } from '../../../src/server/auth/tokens.js';
import { insertUser } from '../../../src/server/auth/users.js';
import { listen } from '../../../src/server/signals.js';
import {
  addConfirmedSubscriber,
  CONFIRM_RESEND_GAP_MS,
  changeSubscription,
  confirmSubscription,
  purgeUnconfirmed,
  reactivateSubscriber,
  removeSubscriber,
  requestSubscription,
  resendConfirmation,
  unsubscribe,
  type SubscriptionChoice,
} from '../../../src/server/use-cases/subscriptions.js';
import { RejectedError } from '../../../src/server/write/events.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, group, HOUR, MINUTE, page } from '../../helpers/fixtures.js';
import { delivery, subscriber } from '../../helpers/subscribers.js';

const NOW = Date.UTC(2026, 10, 22, 14, 5);
const T0 = NOW - 30 * DAY;
const ALL: SubscriptionChoice = { allComponents: true, componentIds: [] };

let t: TempDatabase;
let actor: Actor;
let api: string;
let web: string;
let backend: string;

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'UTC', T0);
  backend = group(t.db, 'backend', 'Backend', T0);
  api = component(t.db, 'api', 'API', T0, { groupId: backend });
  web = component(t.db, 'web', 'Website', T0, { position: 2 });
  const { id } = insertUser(t.db, { email: 'olga@example.com', name: 'Olga', role: 'owner', password: 'unused' }, 'not-a-real-hash', SYSTEM, T0);
  actor = { id, label: 'olga@example.com' };
});
afterEach(() => t.dispose());

const some = (...componentIds: string[]): SubscriptionChoice => ({ allComponents: false, componentIds });
const byEmail = (email: string) => t.db.select().from(subscribers).where(eq(subscribers.email, email)).get();
const byId = (id: string) => t.db.select().from(subscribers).where(eq(subscribers.id, id)).get();
const chosen = (id: string): string[] =>
  t.db.select({ c: subscriberComponents.componentId }).from(subscriberComponents).where(eq(subscriberComponents.subscriberId, id)).all().map((r) => r.c).sort();
const confirmRows = (id: string) =>
  t.db.select().from(deliveries).where(and(eq(deliveries.subscriberId, id), eq(deliveries.kind, 'confirm'))).orderBy(asc(deliveries.id)).all();
/** The raw token of the newest confirmation mail owed to `id`, as the mail would carry it. */
const latestToken = (id: string): string => (JSON.parse(confirmRows(id).at(-1)!.payload!) as { token: string }).token;
/** Audit rows about subscribers (setting up the admin account audits too). */
const audits = (action?: string) =>
  t.db.select().from(auditLog).where(and(eq(auditLog.objectType, 'subscriber'), action ? eq(auditLog.action, action) : undefined)).orderBy(asc(auditLog.id)).all();
const tableCounts = () => ({
  subscribers: t.db.select({ n: count() }).from(subscribers).get()!.n,
  choices: t.db.select({ n: count() }).from(subscriberComponents).get()!.n,
  deliveries: t.db.select({ n: count() }).from(deliveries).get()!.n,
  audit: t.db.select({ n: count() }).from(auditLog).get()!.n,
});

/** Subscribes and confirms through the use-cases, as a visitor would. */
function activeSubscriber(email: string, choice: SubscriptionChoice = ALL, at = T0): string {
  requestSubscription(t.db, email, choice, at);
  const id = byEmail(email)!.id;
  expect(confirmSubscription(t.db, latestToken(id), at + MINUTE)).not.toBeNull();
  return id;
}

describe('requestSubscription: a new address', () => {
  it('stores it unconfirmed with a 48-hour token and owes the confirmation mail carrying that token', () => {
    expect(requestSubscription(t.db, 'ana@example.com', ALL, NOW)).toBe('confirmation_queued');
    const row = byEmail('ana@example.com')!;
    expect(row).toMatchObject({
      state: 'unconfirmed',
      allComponents: true,
      confirmExpiresAt: NOW + 48 * HOUR,
      linkGeneration: 0,
      createdAt: NOW,
      updatedAt: NOW,
      confirmedAt: null,
      unsubscribedAt: null,
      quarantinedAt: null,
    });
    expect(row.id).toMatch(/^[0-9a-z]{12}$/);
    const mails = confirmRows(row.id);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ state: 'pending', nextAttemptAt: NOW, eventId: null, updateId: null });
    const token = latestToken(row.id);
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    // Only the hash is kept on the subscriber; the raw token lives in the outbox until sent.
    expect(row.confirmTokenHash).toBe(hashToken(token));
    expect(row.confirmTokenHash).not.toContain(token);
  });

  it('stores the address trimmed and lower-cased, so another spelling is the same subscriber', () => {
    requestSubscription(t.db, '  Ana.Smith@Example.COM \n', ALL, NOW);
    expect(byEmail('ana.smith@example.com')).toBeDefined();
    expect(requestSubscription(t.db, 'ANA.SMITH@example.com', ALL, NOW + 1)).toBe('confirmation_recently_sent');
    expect(tableCounts().subscribers).toBe(1);
  });

  it('stores a choice of components', () => {
    requestSubscription(t.db, 'ana@example.com', some(api, web), NOW);
    const row = byEmail('ana@example.com')!;
    expect(row.allComponents).toBe(false);
    expect(chosen(row.id)).toEqual([api, web].sort());
  });

  it('stores no component rows for "all", even when ids are passed along', () => {
    requestSubscription(t.db, 'ana@example.com', { allComponents: true, componentIds: [api] }, NOW);
    expect(chosen(byEmail('ana@example.com')!.id)).toEqual([]);
  });

  it('keeps only the chosen components that still exist', () => {
    requestSubscription(t.db, 'ana@example.com', some(api, 'gone00000000'), NOW);
    expect(chosen(byEmail('ana@example.com')!.id)).toEqual([api]);
  });

  it('refuses a choice none of whose components exist, storing nothing and owing no mail', () => {
    const before = tableCounts();
    for (const choice of [some('gone00000000'), some()]) {
      expect(() => requestSubscription(t.db, 'ana@example.com', choice, NOW)).toThrow(new RejectedError('Choose at least one component, or all of them.'));
    }
    expect(tableCounts()).toEqual(before);
  });

  it('announces the outbox so the confirmation goes out promptly', () => {
    const heard = vi.fn();
    const stop = listen('outbox', heard);
    try {
      requestSubscription(t.db, 'ana@example.com', ALL, NOW);
    } finally {
      stop();
    }
    expect(heard).toHaveBeenCalled();
  });
});

describe('requestSubscription: an address already known', () => {
  it('unconfirmed and asked again within the resend gap: no new token, no new mail, choice kept', () => {
    requestSubscription(t.db, 'ana@example.com', some(api), NOW);
    const before = byEmail('ana@example.com')!;
    expect(requestSubscription(t.db, 'ana@example.com', some(web), NOW + CONFIRM_RESEND_GAP_MS - 1)).toBe('confirmation_recently_sent');
    expect(byEmail('ana@example.com')).toEqual(before);
    expect(confirmRows(before.id)).toHaveLength(1);
    expect(chosen(before.id)).toEqual([api]);
  });

  it('unconfirmed and asked again after the gap: a fresh token and mail; the old link stops working', () => {
    requestSubscription(t.db, 'ana@example.com', some(api), NOW);
    const id = byEmail('ana@example.com')!.id;
    const oldToken = latestToken(id);
    const later = NOW + CONFIRM_RESEND_GAP_MS;
    expect(requestSubscription(t.db, 'ana@example.com', some(web), later)).toBe('confirmation_queued');
    const row = byId(id)!;
    expect(row).toMatchObject({ state: 'unconfirmed', confirmExpiresAt: later + 48 * HOUR, updatedAt: later, createdAt: NOW });
    expect(confirmRows(id)).toHaveLength(2);
    expect(row.confirmTokenHash).toBe(hashToken(latestToken(id)));
    expect(chosen(id)).toEqual([web]);
    expect(confirmSubscription(t.db, oldToken, later + 1)).toBeNull();
    expect(confirmSubscription(t.db, latestToken(id), later + 1)).not.toBeNull();
  });

  it('after the gap, no confirmation still waiting in the outbox carries the replaced (dead) link', () => {
    // The first mail has not gone out yet (mail relay down, or a long queue during an incident).
    requestSubscription(t.db, 'ana@example.com', ALL, NOW);
    const id = byEmail('ana@example.com')!.id;
    requestSubscription(t.db, 'ana@example.com', ALL, NOW + CONFIRM_RESEND_GAP_MS);
    const current = byId(id)!.confirmTokenHash;
    const stale = confirmRows(id).filter((r) => r.state === 'pending' && hashToken((JSON.parse(r.payload!) as { token: string }).token) !== current);
    expect(stale).toEqual([]);
  });

  it('active: answers already_active and changes nothing, not even the choice', () => {
    const id = activeSubscriber('ana@example.com', some(api));
    const before = { row: byId(id), choice: chosen(id), counts: tableCounts() };
    expect(requestSubscription(t.db, ' ANA@example.com', some(web), NOW)).toBe('already_active');
    expect({ row: byId(id), choice: chosen(id), counts: tableCounts() }).toEqual(before);
  });

  it('unsubscribed: starts a new double opt-in with the new choice; confirming revokes the old links', () => {
    const id = activeSubscriber('ana@example.com', some(api));
    const generation = byId(id)!.linkGeneration;
    unsubscribe(t.db, id, NOW - DAY);
    expect(requestSubscription(t.db, 'ana@example.com', some(web), NOW)).toBe('confirmation_queued');
    expect(byId(id)).toMatchObject({ state: 'unconfirmed', allComponents: false, linkGeneration: generation, confirmExpiresAt: NOW + 48 * HOUR });
    expect(chosen(id)).toEqual([web]);
    const confirmed = confirmSubscription(t.db, latestToken(id), NOW + MINUTE)!;
    expect(confirmed).toMatchObject({ id, state: 'active', linkGeneration: generation + 1 });
  });

  it('unsubscribed and choosing "all" again: the earlier component rows go', () => {
    const id = activeSubscriber('ana@example.com', some(api));
    unsubscribe(t.db, id, NOW - DAY);
    requestSubscription(t.db, 'ana@example.com', ALL, NOW);
    expect(byId(id)!.allComponents).toBe(true);
    expect(chosen(id)).toEqual([]);
  });

  it('quarantined: untouched and no mail (an admin must reactivate it)', () => {
    const id = subscriber(t.db, 'bounced@example.com', 'quarantined', T0);
    const before = { row: byId(id), counts: tableCounts() };
    expect(requestSubscription(t.db, 'bounced@example.com', ALL, NOW)).toBe('quarantined');
    expect({ row: byId(id), counts: tableCounts() }).toEqual(before);
  });
});

describe('addConfirmedSubscriber (an editor holding consent, no confirmation mail)', () => {
  it('adds a new address as active at once, with its choice, no mail and an audit entry', () => {
    const id = addConfirmedSubscriber(t.db, ' Ana@Example.com ', some(api), actor, NOW);
    expect(byId(id)).toMatchObject({ email: 'ana@example.com', state: 'active', confirmedAt: NOW, linkGeneration: 1, confirmTokenHash: null });
    expect(chosen(id)).toEqual([api]);
    expect(confirmRows(id)).toEqual([]);
    expect(audits('subscriber.added')).toEqual([expect.objectContaining({ objectId: id, actorLabel: actor.label })]);
  });

  it('activates an unconfirmed or unsubscribed address: its pending confirmation is cancelled and old links stop working', () => {
    requestSubscription(t.db, 'ana@example.com', ALL, NOW - HOUR);
    const pending = byEmail('ana@example.com')!;
    const link = latestToken(pending.id);
    expect(addConfirmedSubscriber(t.db, 'ana@example.com', some(web), actor, NOW)).toBe(pending.id);
    expect(byId(pending.id)).toMatchObject({ state: 'active', allComponents: false, linkGeneration: pending.linkGeneration + 1 });
    expect(confirmRows(pending.id).map((r) => r.state)).toEqual(['cancelled']);
    expect(confirmSubscription(t.db, link, NOW + MINUTE)).toBeNull();
    const gone = activeSubscriber('bo@example.com');
    unsubscribe(t.db, gone, NOW - DAY);
    addConfirmedSubscriber(t.db, 'bo@example.com', ALL, actor, NOW);
    expect(byId(gone)).toMatchObject({ state: 'active', unsubscribedAt: null });
  });

  it('refuses an active or quarantined address, changing nothing', () => {
    const ana = activeSubscriber('ana@example.com', some(api));
    subscriber(t.db, 'q@example.com', 'quarantined', T0);
    const before = tableCounts();
    expect(() => addConfirmedSubscriber(t.db, 'ana@example.com', ALL, actor, NOW)).toThrow(/already subscribed/);
    expect(() => addConfirmedSubscriber(t.db, 'q@example.com', ALL, actor, NOW)).toThrow(/quarantined/);
    expect(chosen(ana)).toEqual([api]);
    expect(tableCounts()).toEqual(before);
  });
});

describe('confirmSubscription', () => {
  it('activates the address, forgets the token and starts a new link generation', () => {
    requestSubscription(t.db, 'ana@example.com', some(api), NOW);
    const id = byEmail('ana@example.com')!.id;
    const result = confirmSubscription(t.db, latestToken(id), NOW + HOUR);
    expect(result).toEqual({ id, email: 'ana@example.com', state: 'active', allComponents: false, linkGeneration: 1 });
    expect(byId(id)).toMatchObject({ state: 'active', confirmTokenHash: null, confirmExpiresAt: null, confirmedAt: NOW + HOUR, linkGeneration: 1, updatedAt: NOW + HOUR });
    expect(chosen(id)).toEqual([api]);
  });

  it('works until just before 48 hours, not at 48 hours', () => {
    requestSubscription(t.db, 'ana@example.com', ALL, NOW);
    requestSubscription(t.db, 'ben@example.com', ALL, NOW);
    const ana = byEmail('ana@example.com')!.id;
    const ben = byEmail('ben@example.com')!.id;
    expect(confirmSubscription(t.db, latestToken(ana), NOW + 48 * HOUR - 1)).not.toBeNull();
    expect(confirmSubscription(t.db, latestToken(ben), NOW + 48 * HOUR)).toBeNull();
    expect(byId(ben)!.state).toBe('unconfirmed');
  });

  it('works once: a used link is refused', () => {
    requestSubscription(t.db, 'ana@example.com', ALL, NOW);
    const token = latestToken(byEmail('ana@example.com')!.id);
    expect(confirmSubscription(t.db, token, NOW + 1)).not.toBeNull();
    expect(confirmSubscription(t.db, token, NOW + 2)).toBeNull();
    expect(byEmail('ana@example.com')!.linkGeneration).toBe(1);
  });

  it('refuses unknown tokens', () => {
    requestSubscription(t.db, 'ana@example.com', ALL, NOW);
    for (const token of ['', 'nope', 'a'.repeat(32), latestToken(byEmail('ana@example.com')!.id).toUpperCase()]) {
      expect(confirmSubscription(t.db, token, NOW + 1)).toBeNull();
    }
    expect(byEmail('ana@example.com')!.state).toBe('unconfirmed');
  });

  it('refuses the link of an address that unsubscribed before confirming', () => {
    requestSubscription(t.db, 'ana@example.com', ALL, NOW);
    const id = byEmail('ana@example.com')!.id;
    const token = latestToken(id);
    unsubscribe(t.db, id, NOW + 1);
    expect(confirmSubscription(t.db, token, NOW + 2)).toBeNull();
    expect(byId(id)!.state).toBe('unsubscribed');
  });
});

describe('changeSubscription', () => {
  it('switches an active subscriber from all to some components and back', () => {
    const id = activeSubscriber('ana@example.com');
    changeSubscription(t.db, id, some(web), NOW);
    expect(byId(id)).toMatchObject({ allComponents: false, updatedAt: NOW });
    expect(chosen(id)).toEqual([web]);
    changeSubscription(t.db, id, some(api, web), NOW + 1);
    expect(chosen(id)).toEqual([api, web].sort());
    changeSubscription(t.db, id, ALL, NOW + 2);
    expect(byId(id)!.allComponents).toBe(true);
    expect(chosen(id)).toEqual([]);
  });

  it('refuses an empty choice and keeps the previous one whole', () => {
    const id = activeSubscriber('ana@example.com', some(api));
    const before = { row: byId(id), choice: chosen(id) };
    expect(() => changeSubscription(t.db, id, some('gone00000000'), NOW)).toThrow(RejectedError);
    expect({ row: byId(id), choice: chosen(id) }).toEqual(before);
  });

  it('refuses addresses that are not active, and unknown ids', () => {
    const ids = [
      subscriber(t.db, 'u@example.com', 'unconfirmed', T0),
      subscriber(t.db, 'l@example.com', 'unsubscribed', T0),
      subscriber(t.db, 'q@example.com', 'quarantined', T0),
      'zzzzzzzzzzzz',
    ];
    for (const id of ids) {
      expect(() => changeSubscription(t.db, id, some(api), NOW)).toThrow(
        new RejectedError('This subscription is no longer active; subscribe again to choose components.'),
      );
    }
    expect(tableCounts().choices).toBe(0);
  });
});

describe('unsubscribe', () => {
  it('stops everything at once: state, time, and every pending mail cancelled', () => {
    const id = activeSubscriber('ana@example.com');
    const pending = delivery(t.db, id, NOW + MINUTE, { kind: 'update' });
    const leased = delivery(t.db, id, NOW - MINUTE, { kind: 'update', leaseUntil: NOW + MINUTE });
    const sent = delivery(t.db, id, NOW - HOUR, { kind: 'update', state: 'sent', payload: null });
    const other = activeSubscriber('ben@example.com');
    const bens = delivery(t.db, other, NOW + MINUTE, { kind: 'update' });

    unsubscribe(t.db, id, NOW);
    expect(byId(id)).toMatchObject({ state: 'unsubscribed', unsubscribedAt: NOW, updatedAt: NOW });
    const state = (d: number) => t.db.select().from(deliveries).where(eq(deliveries.id, d)).get()!;
    expect(state(pending)).toMatchObject({ state: 'cancelled', payload: null, leaseUntil: null, updatedAt: NOW });
    expect(state(leased)).toMatchObject({ state: 'cancelled', leaseUntil: null });
    expect(state(sent).state).toBe('sent');
    expect(state(bens).state).toBe('pending');
    expect(byId(other)!.state).toBe('active');
  });

  it('cancels an unconfirmed address\'s pending confirmation and kills its link', () => {
    requestSubscription(t.db, 'ana@example.com', ALL, NOW);
    const id = byEmail('ana@example.com')!.id;
    unsubscribe(t.db, id, NOW + 1);
    expect(byId(id)).toMatchObject({ state: 'unsubscribed', confirmTokenHash: null, confirmExpiresAt: null });
    expect(confirmRows(id).map((r) => [r.state, r.payload])).toEqual([['cancelled', null]]);
  });

  it('is idempotent: a second click changes nothing (the first time stays recorded)', () => {
    const id = activeSubscriber('ana@example.com');
    unsubscribe(t.db, id, NOW);
    const after = byId(id);
    unsubscribe(t.db, id, NOW + HOUR);
    expect(byId(id)).toEqual(after);
  });

  it('ignores an unknown id', () => {
    expect(() => unsubscribe(t.db, 'zzzzzzzzzzzz', NOW)).not.toThrow();
  });
});

describe('purgeUnconfirmed', () => {
  it('deletes unconfirmed addresses untouched for more than 7 days, with what they were owed, and audits the count', () => {
    const stale = subscriber(t.db, 'stale@example.com', 'unconfirmed', NOW - 7 * DAY - 1, { componentIds: [api] });
    delivery(t.db, stale, NOW - 7 * DAY);
    const edge = subscriber(t.db, 'edge@example.com', 'unconfirmed', NOW - 7 * DAY);
    const fresh = subscriber(t.db, 'fresh@example.com', 'unconfirmed', NOW - DAY);
    const kept = ['active', 'unsubscribed', 'quarantined'].map((state) => subscriber(t.db, `${state}@example.com`, state as 'active', NOW - 365 * DAY));

    expect(purgeUnconfirmed(t.db, NOW)).toBe(1);
    expect(byId(stale)).toBeUndefined();
    expect(chosen(stale)).toEqual([]);
    expect(t.db.select().from(deliveries).where(eq(deliveries.subscriberId, stale)).all()).toEqual([]);
    for (const id of [edge, fresh, ...kept]) expect(byId(id)).toBeDefined();
    expect(audits('subscribers.purged')).toEqual([
      { id: expect.any(Number), at: NOW, actorId: null, actorLabel: 'system', action: 'subscribers.purged', objectType: 'subscriber', objectId: null, diff: '{"count":1}' },
    ]);
  });

  it('counts by the last request, not the first: a renewed request keeps the address another week', () => {
    requestSubscription(t.db, 'ana@example.com', ALL, NOW - 10 * DAY);
    requestSubscription(t.db, 'ana@example.com', ALL, NOW - DAY);
    expect(purgeUnconfirmed(t.db, NOW)).toBe(0);
    expect(byEmail('ana@example.com')).toBeDefined();
  });

  it('writes no audit row when there was nothing to purge', () => {
    subscriber(t.db, 'fresh@example.com', 'unconfirmed', NOW - DAY);
    expect(purgeUnconfirmed(t.db, NOW)).toBe(0);
    expect(audits('subscribers.purged')).toEqual([]);
  });

  it('counts several at once', () => {
    for (let i = 0; i < 3; i++) subscriber(t.db, `old${i}@example.com`, 'unconfirmed', NOW - 8 * DAY);
    expect(purgeUnconfirmed(t.db, NOW)).toBe(3);
    expect(JSON.parse(audits('subscribers.purged')[0]!.diff!)).toEqual({ count: 3 });
  });
});

describe('reactivateSubscriber', () => {
  it('puts a quarantined address back to active and audits who did it', () => {
    const id = subscriber(t.db, 'bounced@example.com', 'quarantined', T0);
    t.db.update(subscribers).set({ quarantineReason: '550 user unknown' }).where(eq(subscribers.id, id)).run();
    reactivateSubscriber(t.db, id, actor, NOW);
    expect(byId(id)).toMatchObject({ state: 'active', quarantinedAt: null, quarantineReason: null, updatedAt: NOW });
    expect(audits('subscriber.reactivated')).toEqual([
      { id: expect.any(Number), at: NOW, actorId: actor.id, actorLabel: 'olga@example.com', action: 'subscriber.reactivated', objectType: 'subscriber', objectId: id, diff: '{"from":"quarantined"}' },
    ]);
  });

  it('refuses every other state (consent is the subscriber\'s to give) and writes nothing', () => {
    for (const state of ['unconfirmed', 'active', 'unsubscribed'] as const) {
      const id = subscriber(t.db, `${state}@example.com`, state, T0);
      const before = byId(id);
      expect(() => reactivateSubscriber(t.db, id, actor, NOW)).toThrow(
        new RejectedError('Only quarantined addresses can be reactivated; others must subscribe again themselves.'),
      );
      expect(byId(id)).toEqual(before);
    }
    expect(audits()).toEqual([]);
  });

  it('refuses an unknown id', () => {
    expect(() => reactivateSubscriber(t.db, 'zzzzzzzzzzzz', actor, NOW)).toThrow(new RejectedError('That subscriber does not exist (it may have been removed).'));
    expect(audits()).toEqual([]);
  });
});

describe('removeSubscriber', () => {
  it('deletes the address with its choice and everything owed to it, auditing the state it had (not the address)', () => {
    const id = activeSubscriber('ana@example.com', some(api));
    delivery(t.db, id, NOW, { kind: 'update' });
    const ben = activeSubscriber('ben@example.com');
    removeSubscriber(t.db, id, actor, NOW);
    expect(byId(id)).toBeUndefined();
    expect(chosen(id)).toEqual([]);
    expect(t.db.select().from(deliveries).where(eq(deliveries.subscriberId, id)).all()).toEqual([]);
    expect(byId(ben)).toBeDefined();
    const [row] = audits('subscriber.removed');
    expect(row).toMatchObject({ at: NOW, actorId: actor.id, objectType: 'subscriber', objectId: id, diff: '{"state":"active"}' });
    expect(row!.diff).not.toContain('ana@example.com');
  });

  it('refuses an unknown (or already removed) id', () => {
    const id = subscriber(t.db, 'ana@example.com', 'active', T0);
    removeSubscriber(t.db, id, actor, NOW);
    expect(() => removeSubscriber(t.db, id, actor, NOW + 1)).toThrow(new RejectedError('That subscriber does not exist (it may have been removed already).'));
    expect(audits('subscriber.removed')).toHaveLength(1);
  });
});

describe('resendConfirmation', () => {
  it('gives an unconfirmed address a fresh 48-hour token and mail; the old link stops working; audited', () => {
    requestSubscription(t.db, 'ana@example.com', ALL, NOW);
    const id = byEmail('ana@example.com')!.id;
    const oldToken = latestToken(id);
    // No resend gap for an admin: they act on a person's request.
    resendConfirmation(t.db, id, actor, NOW + MINUTE);
    expect(confirmRows(id)).toHaveLength(2);
    const newToken = latestToken(id);
    expect(newToken).not.toBe(oldToken);
    expect(byId(id)).toMatchObject({ state: 'unconfirmed', confirmTokenHash: hashToken(newToken), confirmExpiresAt: NOW + MINUTE + 48 * HOUR, updatedAt: NOW + MINUTE });
    expect(audits('subscriber.confirmation_resent')).toEqual([
      { id: expect.any(Number), at: NOW + MINUTE, actorId: actor.id, actorLabel: 'olga@example.com', action: 'subscriber.confirmation_resent', objectType: 'subscriber', objectId: id, diff: null },
    ]);
    expect(confirmSubscription(t.db, oldToken, NOW + 2 * MINUTE)).toBeNull();
    expect(confirmSubscription(t.db, newToken, NOW + 2 * MINUTE)).not.toBeNull();
  });

  it('leaves no earlier confirmation waiting in the outbox with the replaced (dead) link', () => {
    requestSubscription(t.db, 'ana@example.com', ALL, NOW);
    const id = byEmail('ana@example.com')!.id;
    resendConfirmation(t.db, id, actor, NOW + MINUTE);
    const current = byId(id)!.confirmTokenHash;
    const stale = confirmRows(id).filter((r) => r.state === 'pending' && hashToken((JSON.parse(r.payload!) as { token: string }).token) !== current);
    expect(stale).toEqual([]);
  });

  it('never writes the token into the audit log', () => {
    requestSubscription(t.db, 'ana@example.com', ALL, NOW);
    const id = byEmail('ana@example.com')!.id;
    resendConfirmation(t.db, id, actor, NOW + MINUTE);
    const token = latestToken(id);
    expect(JSON.stringify(audits())).not.toContain(token);
  });

  it('refuses addresses that are not unconfirmed, and unknown ids, writing nothing', () => {
    const before = tableCounts();
    for (const state of ['active', 'unsubscribed', 'quarantined'] as const) {
      const id = subscriber(t.db, `${state}@example.com`, state, T0);
      expect(() => resendConfirmation(t.db, id, actor, NOW)).toThrow(new RejectedError('Only unconfirmed addresses are sent a confirmation mail.'));
    }
    expect(() => resendConfirmation(t.db, 'zzzzzzzzzzzz', actor, NOW)).toThrow(new RejectedError('That subscriber does not exist (it may have been removed).'));
    expect(tableCounts()).toEqual({ ...before, subscribers: before.subscribers + 3 });
  });
});
