import { and, desc, eq, gt, ne } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { alertBaselines, componentStatusChanges } from '../../../db/schema.js';
import { COMPONENT_STATUS_LABELS, compareStatusSeverity, worstStatus, type ComponentStatus } from '../../core/component-status.js';
import { recordStatusChange } from '../write/status-change.js';
import { firingAlertsOn } from './store.js';

/** What happened to one component, for the alert's note and the audit log. */
export type ComponentEffect =
  | { readonly kind: 'set'; readonly componentId: string; readonly from: ComponentStatus; readonly to: ComponentStatus }
  | { readonly kind: 'restored'; readonly componentId: string; readonly from: ComponentStatus; readonly to: ComponentStatus }
  | { readonly kind: 'kept_human'; readonly componentId: string; readonly status: ComponentStatus }
  | { readonly kind: 'none'; readonly componentId: string };

function latestChange(db: Db, componentId: string): { id: number; status: ComponentStatus; cause: string } | null {
  return (
    db
      .select({ id: componentStatusChanges.id, status: componentStatusChanges.status, cause: componentStatusChanges.cause })
      .from(componentStatusChanges)
      .where(eq(componentStatusChanges.componentId, componentId))
      .orderBy(desc(componentStatusChanges.at), desc(componentStatusChanges.id))
      .limit(1)
      .get() ?? null
  );
}

/** Whether anything but an alert changed the component after `changeId`: then a person (or an incident update) took over. */
function takenOverSince(db: Db, componentId: string, changeId: number): boolean {
  const row = db
    .select({ id: componentStatusChanges.id })
    .from(componentStatusChanges)
    .where(and(eq(componentStatusChanges.componentId, componentId), gt(componentStatusChanges.id, changeId), ne(componentStatusChanges.cause, 'alert')))
    .limit(1)
    .get();
  return row !== undefined;
}

function writeAlertStatus(db: Db, componentId: string, from: ComponentStatus, status: ComponentStatus, alertId: string, now: number): number {
  return recordStatusChange(db, { componentId, from, to: status, at: now, cause: 'alert', alertId }, { team: true, subscribers: true }, now);
}

/**
 * Brings one leaf component in line with the alerts firing on it. Invariants:
 * - while alerts fire, it shows the worst status they ask for, but an alert never softens a
 *   status a person (or an incident update) set: it may only make it worse;
 * - when the last one resolves, it goes back to the status it had before alerts took it, unless a
 *   person changed it meanwhile: then it stays as they set it.
 * Call inside the intake's transaction.
 */
export function reconcileComponent(db: Db, componentId: string, alertId: string, now: number): ComponentEffect {
  const current = latestChange(db, componentId);
  if (current === null) return { kind: 'none', componentId };
  const baseline = db.select().from(alertBaselines).where(eq(alertBaselines.componentId, componentId)).get();
  const tookOver = baseline !== undefined && takenOverSince(db, componentId, baseline.changeId);
  const firing = firingAlertsOn(db, componentId);

  if (firing.length === 0) {
    if (!baseline) return { kind: 'none', componentId };
    db.delete(alertBaselines).where(eq(alertBaselines.componentId, componentId)).run();
    if (tookOver) return { kind: 'kept_human', componentId, status: current.status };
    if (current.status === baseline.status) return { kind: 'none', componentId };
    writeAlertStatus(db, componentId, current.status, baseline.status, alertId, now);
    return { kind: 'restored', componentId, from: current.status, to: baseline.status };
  }

  const target = worstStatus(firing.map((f) => f.componentStatus ?? 'partial_outage'));
  const ours = current.cause === 'alert' && !tookOver;
  const change = ours ? target !== current.status : compareStatusSeverity(target, current.status) > 0;
  if (!change) return { kind: 'none', componentId };
  const changeId = writeAlertStatus(db, componentId, current.status, target, alertId, now);
  if (!baseline || tookOver) {
    // What to return to: the status before alerts, or the one a person set since.
    db.insert(alertBaselines)
      .values({ componentId, status: current.status, changeId, createdAt: now })
      .onConflictDoUpdate({ target: alertBaselines.componentId, set: { status: current.status, changeId, createdAt: now } })
      .run();
  }
  return { kind: 'set', componentId, from: current.status, to: target };
}

/** One line a person reads about what an alert did to a component. */
export function describeEffect(effect: ComponentEffect, name: string): string | null {
  switch (effect.kind) {
    case 'set':
      return `${name}: ${COMPONENT_STATUS_LABELS[effect.from]} → ${COMPONENT_STATUS_LABELS[effect.to]}`;
    case 'restored':
      return `${name}: back to ${COMPONENT_STATUS_LABELS[effect.to]}`;
    case 'kept_human':
      return `${name}: left at ${COMPONENT_STATUS_LABELS[effect.status]}, as a person set it after the alert`;
    case 'none':
      return null;
  }
}
