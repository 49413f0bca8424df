import { eq } from 'drizzle-orm';
import { type Db, writeTransaction } from '../../../db/client.js';
import { heartbeats } from '../../../db/schema.js';
import { HEARTBEAT_GRACE_SECONDS, HEARTBEAT_PERIOD_SECONDS, isHeartbeatMissed, pingRetryAfter } from '../../core/heartbeat.js';
import type { ComponentStatus } from '../../core/component-status.js';
import { recordAudit, type Actor } from '../audit.js';
import { generateToken, hashToken } from '../auth/tokens.js';
import { heartbeatActor, heartbeatAlert } from '../heartbeats/heartbeat-alert.js';
import { findHeartbeat, findHeartbeatBySecret, listHeartbeats, type HeartbeatRecord } from '../heartbeats/store.js';
import { newPublicId } from '../ids.js';
import { countAlertReceipts } from '../metrics/alert-metrics.js';
import { findComponentById } from '../read/components.js';
import { readPageSettings } from '../settings.js';
import { RejectedError } from '../write/events.js';
import { receiveAlerts, type AlertReceipt } from './alerts.js';

export interface HeartbeatInput {
  readonly name: string;
  readonly componentId: string;
  readonly periodSeconds: number;
  readonly graceSeconds: number;
  /** What a missed heartbeat sets the component to; never operational. */
  readonly componentStatus: Exclude<ComponentStatus, 'operational'>;
}

function within(value: number, bounds: { min: number; max: number }): boolean {
  return Number.isInteger(value) && value >= bounds.min && value <= bounds.max;
}

/** Creates a heartbeat; the ping secret is returned once and only its hash is kept. */
export function createHeartbeat(db: Db, input: HeartbeatInput, actor: Actor, now: number): { id: string; secret: string } {
  const name = input.name.trim();
  if (name === '' || name.length > 100) throw new RejectedError('Give the heartbeat a name of 1 to 100 characters.');
  if (!within(input.periodSeconds, HEARTBEAT_PERIOD_SECONDS)) {
    throw new RejectedError(`The period must be a whole number of seconds from ${HEARTBEAT_PERIOD_SECONDS.min} to ${HEARTBEAT_PERIOD_SECONDS.max}.`);
  }
  if (!within(input.graceSeconds, HEARTBEAT_GRACE_SECONDS)) {
    throw new RejectedError(`The grace must be a whole number of seconds from ${HEARTBEAT_GRACE_SECONDS.min} to ${HEARTBEAT_GRACE_SECONDS.max}.`);
  }
  return writeTransaction(db, (tx) => {
    const component = findComponentById(tx, input.componentId);
    if (!component || component.archivedAt !== null) throw new RejectedError('That component does not exist (it may have been archived).');
    if (component.isGroup) throw new RejectedError('A heartbeat watches one component, not a group: choose a component of the group.');
    const id = newPublicId();
    const secret = generateToken();
    tx.insert(heartbeats)
      .values({ id, name, componentId: component.id, tokenHash: hashToken(secret), periodSeconds: input.periodSeconds, graceSeconds: input.graceSeconds, componentStatus: input.componentStatus, createdAt: now })
      .run();
    recordAudit(tx, actor, { action: 'heartbeat.created', objectType: 'heartbeat', objectId: id, diff: { name, component: component.name, periodSeconds: input.periodSeconds, graceSeconds: input.graceSeconds } }, now);
    return { id, secret };
  });
}

/** Deletes a heartbeat; if its alert is firing, it is resolved first so the component goes back. */
export function deleteHeartbeat(db: Db, id: string, actor: Actor, now: number): void {
  writeTransaction(db, (tx) => {
    const h = findHeartbeat(tx, id);
    if (!h) throw new RejectedError('That heartbeat no longer exists (it may have been deleted).');
    if (h.firing) resolveHeartbeat(tx, h, now);
    tx.delete(heartbeats).where(eq(heartbeats.id, id)).run();
    recordAudit(tx, actor, { action: 'heartbeat.deleted', objectType: 'heartbeat', objectId: id, diff: { name: h.name } }, now);
  });
}

function send(db: Db, h: HeartbeatRecord, state: 'firing' | 'resolved', now: number): AlertReceipt {
  const receipts = receiveAlerts(db, [heartbeatAlert(h, state, now)], heartbeatActor(h), readPageSettings(db, now).timeZone, now);
  countAlertReceipts('heartbeat', receipts);
  return receipts[0]!;
}

function resolveHeartbeat(db: Db, h: HeartbeatRecord, now: number): AlertReceipt {
  return send(db, h, 'resolved', now);
}

export type PingOutcome =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'too_soon'; readonly retryAfterMs: number }
  | { readonly kind: 'pinged'; readonly heartbeat: HeartbeatRecord; readonly resolved: boolean };

/** A ping: recorded, and if the heartbeat had been declared missed, its alert resolves (the component goes back). */
export function pingHeartbeat(db: Db, secret: string, now: number): PingOutcome {
  return writeTransaction(db, (tx) => {
    const h = findHeartbeatBySecret(tx, secret);
    if (!h) return { kind: 'unknown' as const };
    const wait = pingRetryAfter(h.lastPingAt, now);
    if (wait > 0) return { kind: 'too_soon' as const, retryAfterMs: wait };
    tx.update(heartbeats).set({ lastPingAt: now }).where(eq(heartbeats.id, h.id)).run();
    const resolved = h.firing ? resolveHeartbeat(tx, h, now).outcome === 'resolved' : false;
    return { kind: 'pinged' as const, heartbeat: { ...h, lastPingAt: now, firing: false }, resolved };
  });
}

/**
 * The scheduler's check: every heartbeat past its deadline whose alert is not already firing
 * fires now. Decided from the database alone, so it catches up after a restart and a second run
 * does nothing. Returns the ids of the heartbeats that fired.
 */
export function checkHeartbeats(db: Db, now: number): string[] {
  const fired: string[] = [];
  for (const h of listHeartbeats(db)) {
    if (h.firing || !isHeartbeatMissed(h, now)) continue;
    try {
      if (send(db, h, 'firing', now).outcome === 'fired') fired.push(h.id);
    } catch (e) {
      console.error(`scheduler: heartbeat ${h.id} could not fire: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return fired;
}
