import type { IncidentStatus } from '../../core/incident-status.js';

export interface IncidentTemplate {
  readonly key: string;
  readonly label: string;
  readonly status: IncidentStatus;
  /** Prefilled title for a new incident; updates keep the incident's own. */
  readonly title: string;
  readonly body: string;
}

/**
 * The set that ships: plain words for customers, one per stage, following the playbooks'
 * advice: say what is affected, what we know, and when the next update comes.
 */
export const DEFAULT_INCIDENT_TEMPLATES: readonly IncidentTemplate[] = [
  {
    key: 'investigating',
    label: 'Investigating',
    status: 'investigating',
    title: 'Problems with {{components}}',
    body: 'We are investigating reports of problems with {{components}} since {{started_at}}. We will share more as soon as we know it, and update this page by {{next_update}} at the latest.',
  },
  {
    key: 'identified',
    label: 'Identified',
    status: 'identified',
    title: 'Problems with {{components}}',
    body: 'We have found the cause of the problems with {{components}} and are working on a fix. Next update by {{next_update}}.',
  },
  {
    key: 'monitoring',
    label: 'Monitoring',
    status: 'monitoring',
    title: 'Problems with {{components}}',
    body: 'A fix is in place and we are seeing recovery for {{components}}. We are watching closely to make sure it holds. Next update by {{next_update}}.',
  },
  {
    key: 'resolved',
    label: 'Resolved',
    status: 'resolved',
    title: 'Problems with {{components}}',
    body: 'This incident is resolved. Everything affected ({{components}}) is working normally again, after {{duration}} of disruption. We are sorry for the trouble, and will share what we learn.',
  },
];

export function findTemplate(key: string | null): IncidentTemplate | undefined {
  return DEFAULT_INCIDENT_TEMPLATES.find((t) => t.key === key);
}
