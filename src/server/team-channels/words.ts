/** Words the team reads in its own channels (never shown to subscribers). */
import type { ComponentStatus } from '../../core/component-status.js';
import { COMPONENT_STATUS_LABELS } from '../../core/component-status.js';
import { EVENT_STATUS_LABELS, type EventStatus } from '../../core/incident-status.js';

export const TEAM_WORDS = {
  updatePublished: (title: string, status: EventStatus): string => `${EVENT_STATUS_LABELS[status]} · ${title}`,
  statusChanged: (component: string, from: ComponentStatus, to: ComponentStatus): string =>
    `${component}: ${COMPONENT_STATUS_LABELS[from]} → ${COMPONENT_STATUS_LABELS[to]}`,
  statusChangedText: (cause: string): string => `Changed by ${cause}.`,
  proposalWaiting: (title: string): string => `Alert proposal waiting: ${title}`,
  proposalUpdateWaiting: (title: string): string => `Proposed update waiting: ${title}`,
  overdue: (title: string, by: string): string => `Update overdue by ${by}: ${title}`,
  overdueText: (last: string): string => `Customers last heard about this incident ${last} ago. Post an update, even if nothing changed.`,
  mailFailing: (failures: number): string => `Mail delivery is failing: ${failures} recent attempts failed`,
  mailFailingText: (lastError: string | null): string =>
    lastError === null ? 'Subscribers are not getting mail. Check the SMTP settings and the relay.' : `Last error: ${lastError}`,
  testHeadline: (pageName: string): string => `Test message from ${pageName}`,
  testText: 'If you can read this, the channel works. You will hear here about the events you chose.',
} as const;

export const FACT_LABELS = {
  severity: 'Severity',
  status: 'Status',
  reference: 'Reference',
  components: 'Components',
  subscribersNotified: 'Subscribers notified',
  cause: 'Cause',
  failures: 'Failed attempts',
  yes: 'Yes',
  no: 'No',
} as const;

/** Who changed a status, as the team reads it. */
export const STATUS_CAUSE_WORDS: Readonly<Record<string, string>> = {
  incident: 'an incident update',
  maintenance: 'a maintenance update',
  manual: 'hand',
  import: 'an import',
  alert: 'an alert',
};
