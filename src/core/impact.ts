import type { ComponentStatus } from './component-status.js';

/** Statuspage's impact scale, best → worst; `maintenance` marks planned work. */
export const IMPACTS = ['none', 'minor', 'major', 'critical', 'maintenance'] as const;
export type Impact = (typeof IMPACTS)[number];

export const IMPACT_LABELS: Readonly<Record<Impact, string>> = {
  none: 'No impact',
  minor: 'Minor',
  major: 'Major',
  critical: 'Critical',
  maintenance: 'Maintenance',
};

const STATUS_IMPACT: Readonly<Record<ComponentStatus, Impact>> = {
  operational: 'none',
  under_maintenance: 'none',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};

const OUTAGE_RANK: Readonly<Record<Impact, number>> = { none: 0, maintenance: 0, minor: 1, major: 2, critical: 3 };

export function isImpact(value: unknown): value is Impact {
  return typeof value === 'string' && (IMPACTS as readonly string[]).includes(value);
}

/**
 * An incident's impact: the override when the comms lead set one, otherwise the worst
 * status any affected component was put in (degraded → minor, partial → major,
 * major → critical).
 */
export function deriveImpact(affectedStatuses: readonly ComponentStatus[], override: Impact | null): Impact {
  if (override !== null) return override;
  let impact: Impact = 'none';
  for (const s of affectedStatuses) {
    const candidate = STATUS_IMPACT[s];
    if (OUTAGE_RANK[candidate] > OUTAGE_RANK[impact]) impact = candidate;
  }
  return impact;
}

/** Orders impacts by how bad the news is; maintenance ranks with none. */
export function worstImpact(impacts: readonly Impact[]): Impact {
  let worst: Impact = 'none';
  for (const i of impacts) {
    if (OUTAGE_RANK[i] > OUTAGE_RANK[worst] || (worst === 'none' && i === 'maintenance')) worst = i;
  }
  return worst;
}

/** An event's impact: maintenance is always `maintenance`; an incident's is derived as above. */
export function eventImpact(
  kind: 'incident' | 'maintenance',
  newStatuses: readonly ComponentStatus[],
  override: Impact | null,
): Impact {
  return kind === 'maintenance' ? 'maintenance' : deriveImpact(newStatuses, override);
}
