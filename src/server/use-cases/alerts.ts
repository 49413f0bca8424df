import { eq, sql } from 'drizzle-orm';
import { type Db, writeTransaction } from '../../../db/client.js';
import { alerts } from '../../../db/schema.js';
import { fixedRoute, routeAlert, type Route } from '../../core/alert-routing.js';
import { listComponents } from '../read/components.js';
import { recordAudit, type Actor } from '../audit.js';
import { newPublicId } from '../ids.js';
import { describeEffect, reconcileComponent } from '../alerts/component-effects.js';
import type { AlertOutcome, IncomingAlert } from '../alerts/incoming.js';
import { proposeForFiring, proposeForResolved } from '../alerts/proposals.js';
import { findAlert, loadRoutingConfig, loadRules, parseIds, type AlertRow } from '../alerts/store.js';
import { publishProposal } from './proposals.js';

export interface AlertReceipt {
  readonly key: string;
  readonly outcome: AlertOutcome;
  readonly alertId: string;
  readonly proposalId: string | null;
}

/** Sets each routed component as the alerts on it ask; returns the notes a person reads. */
function reconcileAll(db: Db, componentIds: readonly string[], alertId: string, now: number): string[] {
  const names = new Map(listComponents(db).map((c) => [c.id, c.name]));
  return componentIds.flatMap((id) => {
    const line = describeEffect(reconcileComponent(db, id, alertId, now), names.get(id) ?? id);
    return line === null ? [] : [line];
  });
}

function storeFiring(db: Db, a: IncomingAlert, existing: AlertRow | null, route: Route, now: number): AlertRow {
  const values = {
    state: 'firing' as const,
    name: a.name,
    summary: a.summary,
    labels: JSON.stringify(a.labels),
    componentIds: JSON.stringify(route.componentIds),
    componentStatus: route.componentStatus,
    severity: route.severity,
    ruleId: route.ruleId,
    firedAt: a.firedAt,
    changedAt: a.at,
    resolvedAt: null,
    receivedAt: now,
    note: null,
  };
  if (existing) {
    // A new firing is a new episode: its proposal is decided afresh.
    return db.update(alerts).set({ ...values, proposalId: null, receipts: sql`${alerts.receipts} + 1` }).where(eq(alerts.id, existing.id)).returning().get();
  }
  return db.insert(alerts).values({ id: newPublicId(), source: a.source, key: a.key, ...values, createdAt: now }).returning().get();
}

function receiveOne(db: Db, a: IncomingAlert, actor: Actor, timeZone: string, now: number): AlertReceipt {
  const existing = findAlert(db, a.source, a.key);
  const stale = existing !== null && a.at < existing.changedAt;
  // A source that sets its own status (an upstream page going from partial to major) re-fires with the new one.
  const restated = existing !== null && a.state === 'firing' && a.target !== undefined && a.target.componentStatus !== existing.componentStatus;
  if (existing && (stale || (a.state === existing.state && !restated))) {
    // A resend (Alertmanager repeats every repeat_interval) or older news: counted, nothing moves.
    db.update(alerts).set({ receivedAt: now, receipts: sql`${alerts.receipts} + 1` }).where(eq(alerts.id, existing.id)).run();
    return { key: a.key, outcome: stale ? 'stale' : 'duplicate', alertId: existing.id, proposalId: existing.proposalId };
  }
  if (a.state === 'resolved') {
    if (!existing) {
      // Resolved before we ever saw it fire: kept for the record, nothing to undo.
      const row = storeFiring(db, a, null, { componentIds: [], componentStatus: 'operational', severity: 'SEV4', ruleId: null, templateId: null, autoPublish: false }, now);
      db.update(alerts).set({ state: 'resolved', resolvedAt: a.at }).where(eq(alerts.id, row.id)).run();
      return { key: a.key, outcome: 'resolved', alertId: row.id, proposalId: null };
    }
    const row = db.update(alerts).set({ state: 'resolved', resolvedAt: a.at, changedAt: a.at, receivedAt: now, receipts: sql`${alerts.receipts} + 1` }).where(eq(alerts.id, existing.id)).returning().get();
    const notes = reconcileAll(db, parseIds(row.componentIds), row.id, now);
    const proposal = proposeForResolved(db, row, now);
    db.update(alerts).set({ note: notes.join('; ') || null }).where(eq(alerts.id, row.id)).run();
    recordAudit(db, actor, { action: 'alert.resolved', objectType: 'alert', objectId: row.id, diff: { name: row.name, source: row.source, effects: notes, proposal: proposal.kind } }, now);
    return { key: a.key, outcome: 'resolved', alertId: row.id, proposalId: row.proposalId };
  }
  const route = a.target ? fixedRoute(a.target.componentIds, a.target.componentStatus) : routeAlert(a.labels, loadRules(db), listComponents(db), loadRoutingConfig(db));
  const row = storeFiring(db, a, existing, route, now);
  if (route.componentIds.length === 0) {
    recordAudit(db, actor, { action: 'alert.unroutable', objectType: 'alert', objectId: row.id, diff: { name: row.name, source: row.source, labels: a.labels } }, now);
    return { key: a.key, outcome: 'unroutable', alertId: row.id, proposalId: null };
  }
  const notes = reconcileAll(db, route.componentIds, row.id, now);
  const proposal = proposeForFiring(db, row, route, now);
  db.update(alerts).set({ note: notes.join('; ') || null }).where(eq(alerts.id, row.id)).run();
  recordAudit(db, actor, { action: 'alert.fired', objectType: 'alert', objectId: row.id, diff: { name: row.name, source: row.source, effects: notes, proposal: proposal.kind } }, now);
  const proposalId = proposal.kind === 'none' ? null : proposal.proposalId;
  if (proposal.kind === 'proposed' && proposal.autoPublish) {
    publishProposal(db, proposal.proposalId, null, { id: null, label: `alert rule (${actor.label})` }, timeZone, now);
  }
  return { key: a.key, outcome: 'fired', alertId: row.id, proposalId };
}

/**
 * The alert intake: every alert of one delivery in one transaction. Status moves at once;
 * incidents are proposed, not published (unless a rule says so). Idempotent: a resend or an
 * older delivery arriving late changes nothing.
 */
export function receiveAlerts(db: Db, incoming: readonly IncomingAlert[], actor: Actor, timeZone: string, now: number): AlertReceipt[] {
  return writeTransaction(db, (tx) => incoming.map((a) => receiveOne(tx, a, actor, timeZone, now)));
}
