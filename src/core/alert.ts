/**
 * Alerts from monitoring: where they come from, whether they fire, and what a person decides
 * about the incident an alert proposes. Alerts move component status at once; people publish.
 */
export const ALERT_SOURCES = ['alertmanager', 'grafana', 'generic', 'heartbeat', 'upstream'] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];

export const ALERT_STATES = ['firing', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/**
 * A proposal waits (`open`) until a person publishes or dismisses it; an incident proposal whose
 * alerts all resolve before anyone acts is `withdrawn`. `incident` proposes opening one;
 * `update` proposes the next update of an incident already published (never a resolution).
 */
export const PROPOSAL_STATES = ['open', 'published', 'dismissed', 'withdrawn'] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];
export const PROPOSAL_KINDS = ['incident', 'update'] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];
