import { asc, count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../../db/client.js';
import { deliveries, events, eventUpdates, subscribers } from '../../../db/schema.js';
import { enqueueConfirmation, enqueueEventDeliveries } from '../../../src/server/outbox/enqueue.js';
import { listen } from '../../../src/server/signals.js';
import { appendUpdate, insertEvent, RejectedError } from '../../../src/server/write/events.js';
import { publishPostmortem } from '../../../src/server/write/postmortem.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, group, incident, MINUTE, page } from '../../helpers/fixtures.js';
import { subscriber } from '../../helpers/subscribers.js';

const NOW = Date.UTC(2026, 10, 22, 14, 5);
const T0 = NOW - 30 * DAY;

let t: TempDatabase;
let api: string;
let web: string;
let db: string;
/** Subscriber ids by who they are. */
let s: Record<'all' | 'apiOnly' | 'webOnly' | 'apiAndDb' | 'unconfirmed' | 'unsubscribed' | 'quarantined' | 'unconfirmedApi', string>;

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'UTC', T0);
  const backend = group(t.db, 'backend', 'Backend', T0);
  api = component(t.db, 'api', 'API', T0, { groupId: backend });
  db = component(t.db, 'db', 'Database', T0, { groupId: backend, position: 2 });
  web = component(t.db, 'web', 'Website', T0, { position: 2 });
  s = {
    all: subscriber(t.db, 'all@example.com', 'active', T0),
    apiOnly: subscriber(t.db, 'api@example.com', 'active', T0, { componentIds: [api] }),
    webOnly: subscriber(t.db, 'web@example.com', 'active', T0, { componentIds: [web] }),
    apiAndDb: subscriber(t.db, 'apidb@example.com', 'active', T0, { componentIds: [api, db] }),
    unconfirmed: subscriber(t.db, 'new@example.com', 'unconfirmed', T0),
    unsubscribed: subscriber(t.db, 'left@example.com', 'unsubscribed', T0),
    quarantined: subscriber(t.db, 'bounced@example.com', 'quarantined', T0),
    unconfirmedApi: subscriber(t.db, 'newapi@example.com', 'unconfirmed', T0, { componentIds: [api] }),
  };
});
afterEach(() => t.dispose());

/** An incident naming `componentIds`, with a first update that owes no mail (so the test decides when to enqueue). */
function quietIncident(componentIds: string[]): { eventId: string; updateId: string } {
  return t.db.transaction((tx) => {
    const { id } = insertEvent(
      tx,
      { kind: 'incident', title: 'Errors', severity: 'SEV2', impactOverride: null, startedAt: NOW - 10 * MINUTE, scheduledFor: null, scheduledUntil: null, componentIds },
      'UTC',
      NOW - 10 * MINUTE,
    );
    const update = appendUpdate(tx, { eventId: id, status: 'investigating', body: 'Looking.', displayAt: NOW - 10 * MINUTE, notify: false, authorId: null, changes: [] }, NOW - 10 * MINUTE);
    return { eventId: id, updateId: update.id };
  });
}

function recipients(database: Db, where: { updateId?: string; eventId?: string; kind?: 'update' | 'postmortem' | 'confirm' } = {}): string[] {
  return database
    .select({ subscriberId: deliveries.subscriberId, updateId: deliveries.updateId, eventId: deliveries.eventId, kind: deliveries.kind })
    .from(deliveries)
    .orderBy(asc(deliveries.id))
    .all()
    .filter((r) => (where.updateId === undefined || r.updateId === where.updateId) && (where.eventId === undefined || r.eventId === where.eventId) && (where.kind === undefined || r.kind === where.kind))
    .map((r) => r.subscriberId!)
    .sort();
}

const ids = (...who: (keyof typeof s)[]): string[] => who.map((w) => s[w]).sort();
const deliveryCount = (): number => t.db.select({ n: count() }).from(deliveries).get()!.n;

describe('enqueueEventDeliveries: who hears about an update', () => {
  it('owes one pending email per matching active subscriber, due now, keyed by update and subscriber', () => {
    const { eventId, updateId } = quietIncident([api]);
    expect(enqueueEventDeliveries(t.db, { kind: 'update', eventId, updateId }, NOW)).toBe(3);
    const rows = t.db.select().from(deliveries).where(eq(deliveries.subscriberId, s.all)).all();
    expect(rows).toEqual([
      {
        id: expect.any(Number),
        kind: 'update',
        channel: 'email',
        subscriberId: s.all,
        teamChannelId: null,
        eventId,
        updateId,
        componentChangeId: null,
        dedupeKey: `update:${updateId}:${s.all}:email`,
        payload: null,
        state: 'pending',
        attempts: 0,
        nextAttemptAt: NOW,
        leaseUntil: null,
        lastError: null,
        messageId: null,
        createdAt: NOW,
        updatedAt: NOW,
        sentAt: null,
      },
    ]);
  });

  it('reaches subscribers to all components and those who chose an affected one, nobody else', () => {
    const { eventId, updateId } = quietIncident([api]);
    enqueueEventDeliveries(t.db, { kind: 'update', eventId, updateId }, NOW);
    expect(recipients(t.db)).toEqual(ids('all', 'apiOnly', 'apiAndDb'));
  });

  it('matches on any one of several affected components, once per subscriber', () => {
    const { eventId, updateId } = quietIncident([api, db, web]);
    expect(enqueueEventDeliveries(t.db, { kind: 'update', eventId, updateId }, NOW)).toBe(4);
    expect(recipients(t.db)).toEqual(ids('all', 'apiOnly', 'webOnly', 'apiAndDb'));
  });

  it('sends an event naming no component to every active subscriber (it concerns the whole page)', () => {
    const { eventId, updateId } = quietIncident([]);
    enqueueEventDeliveries(t.db, { kind: 'update', eventId, updateId }, NOW);
    expect(recipients(t.db)).toEqual(ids('all', 'apiOnly', 'webOnly', 'apiAndDb'));
  });

  it('owes nothing to unconfirmed, unsubscribed or quarantined addresses, whatever they chose', () => {
    for (const componentIds of [[api], [], [web]]) {
      const { eventId, updateId } = quietIncident(componentIds);
      enqueueEventDeliveries(t.db, { kind: 'update', eventId, updateId }, NOW);
    }
    const reached = new Set(t.db.select({ id: deliveries.subscriberId }).from(deliveries).all().map((r) => r.id));
    for (const who of ['unconfirmed', 'unsubscribed', 'quarantined', 'unconfirmedApi'] as const) expect(reached.has(s[who]), who).toBe(false);
  });

  it('owes nothing when no subscriber matches, and then announces nothing', () => {
    const { eventId, updateId } = quietIncident([db]);
    // Left: only people who chose other components, and addresses that get nothing anyway.
    for (const who of ['all', 'apiAndDb'] as const) t.db.delete(subscribers).where(eq(subscribers.id, s[who])).run();
    const heard = vi.fn();
    const stop = listen('outbox', heard);
    try {
      expect(enqueueEventDeliveries(t.db, { kind: 'update', eventId, updateId }, NOW)).toBe(0);
    } finally {
      stop();
    }
    expect(heard).not.toHaveBeenCalled();
    expect(deliveryCount()).toBe(0);
  });

  it('announces the outbox when it wrote rows, so the worker wakes', () => {
    const { eventId, updateId } = quietIncident([api]);
    const heard = vi.fn();
    const stop = listen('outbox', heard);
    try {
      enqueueEventDeliveries(t.db, { kind: 'update', eventId, updateId }, NOW);
    } finally {
      stop();
    }
    expect(heard).toHaveBeenCalledOnce();
  });
});

describe('enqueueEventDeliveries: dedupe', () => {
  it('writes nothing the second time for the same update, and does not announce', () => {
    const { eventId, updateId } = quietIncident([api]);
    expect(enqueueEventDeliveries(t.db, { kind: 'update', eventId, updateId }, NOW)).toBe(3);
    const before = t.db.select().from(deliveries).all();
    const heard = vi.fn();
    const stop = listen('outbox', heard);
    try {
      expect(enqueueEventDeliveries(t.db, { kind: 'update', eventId, updateId }, NOW + MINUTE)).toBe(0);
    } finally {
      stop();
    }
    expect(t.db.select().from(deliveries).all()).toEqual(before);
    expect(heard).not.toHaveBeenCalled();
  });

  it('adds only the rows still missing, e.g. for someone who confirmed in between', () => {
    const { eventId, updateId } = quietIncident([api]);
    enqueueEventDeliveries(t.db, { kind: 'update', eventId, updateId }, NOW);
    t.db.update(subscribers).set({ state: 'active' }).where(eq(subscribers.id, s.unconfirmedApi)).run();
    expect(enqueueEventDeliveries(t.db, { kind: 'update', eventId, updateId }, NOW + MINUTE)).toBe(1);
    expect(recipients(t.db)).toEqual(ids('all', 'apiOnly', 'apiAndDb', 'unconfirmedApi'));
  });

  it('does not dedupe across updates: each update of an event is its own mail', () => {
    const { eventId, updateId } = quietIncident([api]);
    enqueueEventDeliveries(t.db, { kind: 'update', eventId, updateId }, NOW);
    const second = appendUpdate(t.db, { eventId, status: 'identified', body: 'Found.', displayAt: NOW, notify: false, authorId: null, changes: [] }, NOW);
    expect(enqueueEventDeliveries(t.db, { kind: 'update', eventId, updateId: second.id }, NOW)).toBe(3);
    expect(deliveryCount()).toBe(6);
  });
});

describe('appendUpdate owes mail in the same write', () => {
  it('with notify: one delivery per matching subscriber for the new update', () => {
    const { id: eventId } = incident(t.db, { title: 'API errors', startedAt: NOW - 10 * MINUTE, componentIds: [api], steps: [{ at: NOW - 10 * MINUTE, status: 'investigating', body: 'Looking.' }] });
    const update = t.db.select({ id: eventUpdates.id }).from(eventUpdates).where(eq(eventUpdates.eventId, eventId)).get()!;
    expect(recipients(t.db, { updateId: update.id })).toEqual(ids('all', 'apiOnly', 'apiAndDb'));
  });

  it('without notify: no delivery at all', () => {
    quietIncident([api]);
    expect(deliveryCount()).toBe(0);
  });

  it('counts the components the update itself names (they are linked before the mail is owed)', () => {
    const { eventId } = quietIncident([api]);
    const update = t.db.transaction((tx) =>
      appendUpdate(tx, { eventId, status: 'identified', body: 'The website too.', displayAt: NOW, notify: true, authorId: null, changes: [{ componentId: web, status: 'partial_outage' }] }, NOW),
    );
    expect(recipients(t.db, { updateId: update.id })).toEqual(ids('all', 'apiOnly', 'webOnly', 'apiAndDb'));
  });

  it('leaves no delivery behind when the transaction is rejected after the mail was owed', () => {
    const { eventId } = quietIncident([api]);
    const before = { deliveries: deliveryCount(), updates: t.db.select({ n: count() }).from(eventUpdates).get()!.n };
    expect(() =>
      t.db.transaction((tx) => {
        appendUpdate(tx, { eventId, status: 'resolved', body: 'Fixed.', displayAt: NOW, notify: true, authorId: null, changes: [] }, NOW);
        expect(tx.select({ n: count() }).from(deliveries).get()!.n).toBe(3);
        // Resolved → investigating is not a permitted step.
        appendUpdate(tx, { eventId, status: 'investigating', body: 'Back again.', displayAt: NOW + 1, notify: true, authorId: null, changes: [] }, NOW + 1);
      }),
    ).toThrow(RejectedError);
    expect(deliveryCount()).toBe(before.deliveries);
    expect(t.db.select({ n: count() }).from(eventUpdates).get()!.n).toBe(before.updates);
  });

  it('owes nothing for an update refused on its own (invalid transition)', () => {
    const { eventId } = quietIncident([api]);
    appendUpdate(t.db, { eventId, status: 'resolved', body: 'Fixed.', displayAt: NOW, notify: false, authorId: null, changes: [] }, NOW);
    expect(() =>
      t.db.transaction((tx) => appendUpdate(tx, { eventId, status: 'monitoring', body: 'Hmm.', displayAt: NOW + 1, notify: true, authorId: null, changes: [] }, NOW + 1)),
    ).toThrow(RejectedError);
    expect(deliveryCount()).toBe(0);
  });
});

describe('publishPostmortem owes mail when asked to', () => {
  function resolved(): string {
    const { eventId } = quietIncident([api]);
    appendUpdate(t.db, { eventId, status: 'resolved', body: 'Fixed.', displayAt: NOW, notify: false, authorId: null, changes: [] }, NOW);
    return eventId;
  }

  it('with notify: one postmortem delivery per matching subscriber, keyed by publication time', () => {
    const eventId = resolved();
    t.db.transaction((tx) => publishPostmortem(tx, eventId, 'What happened.', NOW + DAY, true));
    expect(recipients(t.db, { kind: 'postmortem' })).toEqual(ids('all', 'apiOnly', 'apiAndDb'));
    const row = t.db.select().from(deliveries).where(eq(deliveries.subscriberId, s.apiOnly)).get()!;
    expect(row).toMatchObject({ kind: 'postmortem', eventId, updateId: null, dedupeKey: `postmortem:${eventId}:${NOW + DAY}:${s.apiOnly}:email`, nextAttemptAt: NOW + DAY, state: 'pending' });
  });

  it('without notify (the default): nothing', () => {
    const eventId = resolved();
    publishPostmortem(t.db, eventId, 'What happened.', NOW + DAY);
    publishPostmortem(t.db, eventId, 'What happened, edited.', NOW + 2 * DAY, false);
    expect(deliveryCount()).toBe(0);
    expect(t.db.select({ at: events.postmortemPublishedAt }).from(events).where(eq(events.id, eventId)).get()!.at).toBe(NOW + 2 * DAY);
  });

  it('announces a republication once more, but not the same publication twice', () => {
    const eventId = resolved();
    publishPostmortem(t.db, eventId, 'v1', NOW + DAY, true);
    publishPostmortem(t.db, eventId, 'v1', NOW + DAY, true);
    expect(deliveryCount()).toBe(3);
    publishPostmortem(t.db, eventId, 'v2', NOW + 2 * DAY, true);
    expect(deliveryCount()).toBe(6);
  });

  it('owes nothing when the publication is refused (incident not resolved)', () => {
    const { eventId } = quietIncident([api]);
    expect(() => t.db.transaction((tx) => publishPostmortem(tx, eventId, 'Too early.', NOW, true))).toThrow(RejectedError);
    expect(deliveryCount()).toBe(0);
  });
});

describe('enqueueConfirmation', () => {
  it('queues the confirmation mail with the raw token in its payload, due now, and announces it', () => {
    const heard = vi.fn();
    const stop = listen('outbox', heard);
    try {
      enqueueConfirmation(t.db, s.unconfirmed, 'abcdefghijklmnopqrstuvwxyz234567', NOW);
    } finally {
      stop();
    }
    expect(heard).toHaveBeenCalledOnce();
    expect(t.db.select().from(deliveries).all()).toEqual([
      {
        id: expect.any(Number),
        kind: 'confirm',
        channel: 'email',
        subscriberId: s.unconfirmed,
        teamChannelId: null,
        eventId: null,
        updateId: null,
        componentChangeId: null,
        dedupeKey: `confirm:${s.unconfirmed}:${NOW}:abcdefgh`,
        payload: JSON.stringify({ token: 'abcdefghijklmnopqrstuvwxyz234567' }),
        state: 'pending',
        attempts: 0,
        nextAttemptAt: NOW,
        leaseUntil: null,
        lastError: null,
        messageId: null,
        createdAt: NOW,
        updatedAt: NOW,
        sentAt: null,
      },
    ]);
  });

  it('queues a second mail for a new token, and ignores the exact same request twice', () => {
    enqueueConfirmation(t.db, s.unconfirmed, 'aaaaaaaaaaaaaaaa', NOW);
    enqueueConfirmation(t.db, s.unconfirmed, 'aaaaaaaaaaaaaaaa', NOW);
    expect(deliveryCount()).toBe(1);
    enqueueConfirmation(t.db, s.unconfirmed, 'bbbbbbbbbbbbbbbb', NOW);
    enqueueConfirmation(t.db, s.unconfirmed, 'aaaaaaaaaaaaaaaa', NOW + MINUTE);
    expect(deliveryCount()).toBe(3);
  });

  it('never stores the token in the dedupe key beyond a short prefix', () => {
    const token = 'abcdefghijklmnopqrstuvwxyz234567';
    enqueueConfirmation(t.db, s.unconfirmed, token, NOW);
    expect(t.db.select({ key: deliveries.dedupeKey }).from(deliveries).get()!.key).not.toContain(token.slice(0, 9));
  });
});
