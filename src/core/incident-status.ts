/** Incident statuses in lifecycle order; `postmortem` follows `resolved` once one is published. */
export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Maintenance statuses in lifecycle order. */
export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

export type EventStatus = IncidentStatus | MaintenanceStatus;
/** Every status an event can have: an incident's, then maintenance's. */
export const EVENT_STATUSES = [...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES] as const;

export const EVENT_KINDS = ['incident', 'maintenance'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const EVENT_STATUS_LABELS: Readonly<Record<EventStatus, string>> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  postmortem: 'Postmortem',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
};

export function isIncidentStatus(value: unknown): value is IncidentStatus {
  return typeof value === 'string' && (INCIDENT_STATUSES as readonly string[]).includes(value);
}

export function isMaintenanceStatus(value: unknown): value is MaintenanceStatus {
  return typeof value === 'string' && (MAINTENANCE_STATUSES as readonly string[]).includes(value);
}

export function statusesFor(kind: EventKind): readonly EventStatus[] {
  return kind === 'incident' ? INCIDENT_STATUSES : MAINTENANCE_STATUSES;
}

/** An event is closed once customers no longer need to watch it. */
export function isClosedStatus(status: EventStatus): boolean {
  return status === 'resolved' || status === 'postmortem' || status === 'completed';
}
