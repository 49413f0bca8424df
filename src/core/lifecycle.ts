import {
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
  EVENT_STATUS_LABELS,
  type IncidentStatus,
  type MaintenanceStatus,
} from './incident-status.js';

export type Transition = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

const ALLOWED: Transition = { allowed: true };
const reject = (reason: string): Transition => ({ allowed: false, reason });

/**
 * Which status the next incident update may carry. Forward steps may skip stages;
 * repeating the current status is a further update in the same stage. The only
 * step back is from monitoring (the fix did not hold) to investigating or identified.
 * `postmortem` is reached only by publishing one, never by a plain update.
 */
export function incidentTransition(from: IncidentStatus, to: IncidentStatus): Transition {
  if (to === 'postmortem') {
    return from === 'resolved' || from === 'postmortem'
      ? ALLOWED
      : reject('A postmortem can only be published once the incident is resolved.');
  }
  if (from === 'postmortem') {
    return reject('This incident has a published postmortem; open a new incident for a new problem.');
  }
  if (from === to) return ALLOWED;
  if (from === 'resolved') {
    return reject(
      `This incident is resolved; it cannot go back to ${EVENT_STATUS_LABELS[to]}. Open a new incident if the problem is back.`,
    );
  }
  const step = INCIDENT_STATUSES.indexOf(to) - INCIDENT_STATUSES.indexOf(from);
  if (step > 0) return ALLOWED;
  if (from === 'monitoring') return ALLOWED; // regression: the fix did not hold
  return reject(
    `An incident cannot go back from ${EVENT_STATUS_LABELS[from]} to ${EVENT_STATUS_LABELS[to]}; only Monitoring may step back.`,
  );
}

/** Maintenance only moves forward (stages may be skipped); completed is final. */
export function maintenanceTransition(from: MaintenanceStatus, to: MaintenanceStatus): Transition {
  if (from === to) return ALLOWED;
  if (from === 'completed') return reject('This maintenance is completed; schedule a new one instead.');
  const step = MAINTENANCE_STATUSES.indexOf(to) - MAINTENANCE_STATUSES.indexOf(from);
  if (step > 0) return ALLOWED;
  return reject(
    `Maintenance cannot go back from ${EVENT_STATUS_LABELS[from]} to ${EVENT_STATUS_LABELS[to]}.`,
  );
}
