/**
 * Component statuses, ordered best → worst. The order is the severity order used
 * everywhere a "worst of" is taken, except that maintenance ranks below every
 * outage when deciding what a group shows (see `worstStatus`).
 */
export const COMPONENT_STATUSES = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
] as const;

export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

/** What recorded a status change: an incident or maintenance update, a person, an import, or an alert. */
export const STATUS_CAUSES = ['incident', 'maintenance', 'manual', 'import', 'alert'] as const;
export type StatusCause = (typeof STATUS_CAUSES)[number];

export const COMPONENT_STATUS_LABELS: Readonly<Record<ComponentStatus, string>> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};

/**
 * Rank used to pick the status a group (or an incident) shows. An outage is worse news
 * than planned maintenance, so maintenance ranks between operational and degraded.
 */
const DISPLAY_RANK: Readonly<Record<ComponentStatus, number>> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

export function isComponentStatus(value: unknown): value is ComponentStatus {
  return typeof value === 'string' && (COMPONENT_STATUSES as readonly string[]).includes(value);
}

/** The status that matters most to a reader; `operational` for an empty list. */
export function worstStatus(statuses: readonly ComponentStatus[]): ComponentStatus {
  let worst: ComponentStatus = 'operational';
  for (const s of statuses) if (DISPLAY_RANK[s] > DISPLAY_RANK[worst]) worst = s;
  return worst;
}

export function compareStatusSeverity(a: ComponentStatus, b: ComponentStatus): number {
  return DISPLAY_RANK[a] - DISPLAY_RANK[b];
}
