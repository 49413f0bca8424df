import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { alertRules, alerts, pageSettings } from '../../../db/schema.js';
import { DEFAULT_COMPONENT_LABELS, DEFAULT_SEVERITY_MAP, type LabelMatcher, type RoutingConfig, type RoutingRule } from '../../core/alert-routing.js';
import { isComponentStatus, type ComponentStatus } from '../../core/component-status.js';

export type AlertRow = typeof alerts.$inferSelect;

export function findAlert(db: Db, source: string, key: string): AlertRow | null {
  return db.select().from(alerts).where(and(eq(alerts.source, source as AlertRow['source']), eq(alerts.key, key))).get() ?? null;
}

/** Ids of the alerts still firing that name a component, with the status each asks for. */
export function firingAlertsOn(db: Db, componentId: string): { id: string; componentStatus: ComponentStatus | null }[] {
  return db
    .select({ id: alerts.id, componentStatus: alerts.componentStatus })
    .from(alerts)
    .where(and(eq(alerts.state, 'firing'), sql`exists (select 1 from json_each(${alerts.componentIds}) where value = ${componentId})`))
    .all();
}

export function firingAlertsOfProposal(db: Db, proposalId: string): number {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(alerts)
    .where(and(eq(alerts.proposalId, proposalId), eq(alerts.state, 'firing')))
    .get()!.n;
}

export const parseIds = (json: string): string[] => JSON.parse(json) as string[];

/** Owner rules in the order they are tried. */
export function loadRules(db: Db): RoutingRule[] {
  return db
    .select()
    .from(alertRules)
    .orderBy(asc(alertRules.position))
    .all()
    .map((r) => ({
      id: r.id,
      matchers: JSON.parse(r.matchers) as LabelMatcher[],
      componentIds: parseIds(r.componentIds),
      componentStatus: r.componentStatus,
      severity: r.severity,
      templateId: r.templateId,
      autoPublish: r.autoPublish,
    }));
}

/** The routing settings: stored choices over the defaults; a damaged value falls back to the default. */
export function loadRoutingConfig(db: Db): RoutingConfig {
  const row = db.select({ labels: pageSettings.alertComponentLabels, map: pageSettings.alertSeverityMap }).from(pageSettings).get();
  let componentLabels: readonly string[] = DEFAULT_COMPONENT_LABELS;
  let severityMap: Readonly<Record<string, ComponentStatus>> = DEFAULT_SEVERITY_MAP;
  try {
    const labels: unknown = row?.labels ? JSON.parse(row.labels) : null;
    if (Array.isArray(labels) && labels.every((l) => typeof l === 'string') && labels.length > 0) componentLabels = labels;
    const map: unknown = row?.map ? JSON.parse(row.map) : null;
    if (map && typeof map === 'object' && Object.values(map).every(isComponentStatus)) severityMap = map as Record<string, ComponentStatus>;
  } catch {
    // Defaults stand.
  }
  return { componentLabels, severityMap };
}
