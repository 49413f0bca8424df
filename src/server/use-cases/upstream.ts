import { eq } from 'drizzle-orm';
import { type Db, writeTransaction } from '../../../db/client.js';
import { upstreamFollows } from '../../../db/schema.js';
import type { UpstreamReading } from '../../core/upstream.js';
import { recordAudit, type Actor } from '../audit.js';
import { countAlertReceipts } from '../metrics/alert-metrics.js';
import { checkOutboundUrl, OutboundError } from '../outbound/guarded-get.js';
import { findComponentById } from '../read/components.js';
import { readPageSettings } from '../settings.js';
import { findFollow, type FollowRecord } from '../upstream/store.js';
import { UPSTREAM_ACTOR, upstreamAlert } from '../upstream/upstream-alert.js';
import { RejectedError } from '../write/events.js';
import { receiveAlerts } from './alerts.js';

export interface FollowInput {
  readonly summaryUrl: string;
  readonly upstreamComponentId: string;
}

function resolveFollow(db: Db, f: FollowRecord, now: number): void {
  const receipts = receiveAlerts(db, [upstreamAlert(f, f.componentName, 'resolved', 'operational', now)], UPSTREAM_ACTOR, readPageSettings(db, now).timeZone, now);
  countAlertReceipts('upstream', receipts);
}

/**
 * Makes a component follow a component of another Statuspage-compatible page (or changes what it
 * follows). The address is checked as far as it can be without connecting; the first poll says
 * the rest (stored as the follow's last error).
 */
export function followUpstream(db: Db, componentId: string, input: FollowInput, allowPrivate: boolean, actor: Actor, now: number): void {
  const summaryUrl = input.summaryUrl.trim();
  const upstreamComponentId = input.upstreamComponentId.trim();
  if (summaryUrl.length > 2000) throw new RejectedError('The summary address is too long (2000 characters at most).');
  try {
    checkOutboundUrl(summaryUrl, allowPrivate);
  } catch (e) {
    if (e instanceof OutboundError) throw new RejectedError(`The summary address cannot be used: ${e.message}`);
    throw e;
  }
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(upstreamComponentId)) {
    throw new RejectedError('Give the upstream component’s id (letters, digits, - and _), as listed in its summary.json.');
  }
  writeTransaction(db, (tx) => {
    const component = findComponentById(tx, componentId);
    if (!component || component.archivedAt !== null) throw new RejectedError('That component does not exist (it may have been archived).');
    if (component.isGroup) throw new RejectedError('A group shows the worst of its components; make one of them follow the upstream page instead.');
    const existing = findFollow(tx, componentId);
    if (existing && existing.summaryUrl === summaryUrl && existing.upstreamComponentId === upstreamComponentId) return;
    if (existing?.firing) resolveFollow(tx, existing, now);
    const values = { summaryUrl, upstreamComponentId, etag: null, lastStatus: null, lastPolledAt: null, lastError: null };
    tx.insert(upstreamFollows)
      .values({ componentId, ...values, createdAt: now })
      .onConflictDoUpdate({ target: upstreamFollows.componentId, set: values })
      .run();
    recordAudit(tx, actor, { action: 'upstream.followed', objectType: 'component', objectId: componentId, diff: { summaryUrl, upstreamComponentId } }, now);
  });
}

/** Stops following; a firing upstream alert resolves first, so the component goes back. */
export function unfollowUpstream(db: Db, componentId: string, actor: Actor, now: number): void {
  writeTransaction(db, (tx) => {
    const existing = findFollow(tx, componentId);
    if (!existing) return;
    if (existing.firing) resolveFollow(tx, existing, now);
    tx.delete(upstreamFollows).where(eq(upstreamFollows.componentId, componentId)).run();
    recordAudit(tx, actor, { action: 'upstream.unfollowed', objectType: 'component', objectId: componentId, diff: { summaryUrl: existing.summaryUrl } }, now);
  });
}

/** What one poll brought back. */
export type PollResult =
  | { readonly kind: 'not_modified' }
  | { readonly kind: 'failed'; readonly error: string }
  | { readonly kind: 'read'; readonly etag: string | null; readonly reading: UpstreamReading };

export const POLL_OUTCOMES = ['not_modified', 'failed', 'unchanged', 'fired', 'resolved'] as const;
export type PollOutcome = (typeof POLL_OUTCOMES)[number];

/**
 * Records a poll and moves the component: a status other than operational fires the follow's
 * alert (or restates it with the new status), operational resolves it. A 304 changes nothing but
 * the poll time; a failure is kept as the last error and moves nothing (an unreachable page is not
 * evidence that the service behind it is down).
 */
export function recordUpstreamPoll(db: Db, componentId: string, result: PollResult, now: number): PollOutcome {
  return writeTransaction(db, (tx): PollOutcome => {
    const f = findFollow(tx, componentId);
    // Unfollowed while the request was out: nothing to record.
    if (!f) return 'failed';
    const where = eq(upstreamFollows.componentId, componentId);
    if (result.kind === 'not_modified') {
      tx.update(upstreamFollows).set({ lastPolledAt: now, lastError: null }).where(where).run();
      return 'not_modified';
    }
    const error = result.kind === 'failed' ? result.error : result.reading.ok ? null : result.reading.error;
    if (result.kind === 'failed' || !result.reading.ok) {
      tx.update(upstreamFollows).set({ lastPolledAt: now, lastError: error }).where(where).run();
      return 'failed';
    }
    const { name, status } = result.reading;
    tx.update(upstreamFollows).set({ lastPolledAt: now, lastError: null, etag: result.etag, lastStatus: status }).where(where).run();
    const wanted = status === 'operational' ? 'resolved' : 'firing';
    if (wanted === 'resolved' && !f.firing) return 'unchanged';
    if (wanted === 'firing' && f.firing && f.lastStatus === status) return 'unchanged';
    const receipts = receiveAlerts(tx, [upstreamAlert(f, name, wanted, status, now)], UPSTREAM_ACTOR, readPageSettings(tx, now).timeZone, now);
    countAlertReceipts('upstream', receipts);
    const outcome = receipts[0]!.outcome;
    return outcome === 'fired' || outcome === 'resolved' ? outcome : 'unchanged';
  });
}
