import type { ComponentStatus } from './component-status.js';
import { worstImpact, type Impact } from './impact.js';

/** The page-level indicator, Statuspage's vocabulary. */
export const INDICATORS = ['none', 'minor', 'major', 'critical', 'maintenance'] as const;
export type Indicator = (typeof INDICATORS)[number];

export interface PageStatus {
  readonly indicator: Indicator;
  readonly description: string;
}

const DESCRIPTIONS: Readonly<Record<Indicator, string>> = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major System Outage',
  maintenance: 'Service Under Maintenance',
};

/**
 * Derives the page status from the statuses of leaf components (groups excluded),
 * rule by rule in the order Statuspage applies them. With no components the worst
 * open incident or maintenance decides.
 */
export function derivePageStatus(
  leafStatuses: readonly ComponentStatus[],
  openEventImpacts: readonly Impact[],
): PageStatus {
  if (leafStatuses.length === 0) {
    const indicator: Indicator = worstImpact(openEventImpacts);
    return { indicator, description: DESCRIPTIONS[indicator] };
  }
  const all = (s: ComponentStatus): boolean => leafStatuses.every((x) => x === s);
  const any = (s: ComponentStatus): boolean => leafStatuses.some((x) => x === s);

  if (all('major_outage')) return { indicator: 'critical', description: 'Major System Outage' };
  if (any('major_outage')) return { indicator: 'major', description: 'Partial System Outage' };
  if (all('partial_outage')) return { indicator: 'major', description: 'Partial System Outage' };
  if (any('partial_outage')) return { indicator: 'minor', description: 'Minor Service Outage' };
  if (all('degraded_performance')) return { indicator: 'minor', description: 'Degraded System Service' };
  if (any('degraded_performance')) return { indicator: 'minor', description: 'Partially Degraded Service' };
  if (any('under_maintenance')) return { indicator: 'maintenance', description: 'Service Under Maintenance' };
  return { indicator: 'none', description: 'All Systems Operational' };
}
