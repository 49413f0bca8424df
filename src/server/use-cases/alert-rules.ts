import { eq, sql } from 'drizzle-orm';
import { type Db, writeTransaction } from '../../../db/client.js';
import { alertRules, pageSettings } from '../../../db/schema.js';
import { recordAudit, type Actor } from '../audit.js';
import type { AlertRuleFields, RoutingFields } from '../forms/alert-rule-form.js';
import { newPublicId } from '../ids.js';
import { RejectedError } from '../write/events.js';

/** Adds a rule after the others (rules are tried in order). */
export function createAlertRule(db: Db, fields: AlertRuleFields, actor: Actor, now: number): { id: string } {
  return writeTransaction(db, (tx) => {
    const id = newPublicId();
    const position = (tx.select({ max: sql<number | null>`max(${alertRules.position})` }).from(alertRules).get()?.max ?? 0) + 1;
    tx.insert(alertRules)
      .values({
        id,
        name: fields.name,
        position,
        matchers: JSON.stringify(fields.matchers),
        componentIds: JSON.stringify(fields.componentIds),
        componentStatus: fields.componentStatus,
        severity: fields.severity,
        templateId: fields.templateId,
        autoPublish: fields.autoPublish,
        createdAt: now,
        updatedAt: now,
      })
      .run();
    recordAudit(tx, actor, { action: 'alert_rule.created', objectType: 'alert_rule', objectId: id, diff: { name: fields.name, matchers: fields.matchers, autoPublish: fields.autoPublish } }, now);
    return { id };
  });
}

export function deleteAlertRule(db: Db, id: string, actor: Actor, now: number): void {
  writeTransaction(db, (tx) => {
    const removed = tx.delete(alertRules).where(eq(alertRules.id, id)).returning({ name: alertRules.name }).get();
    if (!removed) throw new RejectedError('That rule no longer exists.');
    recordAudit(tx, actor, { action: 'alert_rule.deleted', objectType: 'alert_rule', objectId: id, diff: { name: removed.name } }, now);
  });
}

/** The zero-config routing's label names and severity mapping. */
export function saveAlertRouting(db: Db, fields: RoutingFields, actor: Actor, now: number): void {
  writeTransaction(db, (tx) => {
    tx.update(pageSettings)
      .set({ alertComponentLabels: JSON.stringify(fields.componentLabels), alertSeverityMap: JSON.stringify(fields.severityMap), updatedAt: now })
      .where(eq(pageSettings.id, 1))
      .run();
    recordAudit(tx, actor, { action: 'alert_routing.updated', objectType: 'settings', objectId: null, diff: { ...fields } }, now);
  });
}
