import type { EventKind, EventStatus } from './incident-status.js';

/**
 * An event's status is its newest update's status, never a field of its own; a published
 * postmortem turns a resolved incident into `postmortem`. An event with no update yet
 * (only possible mid-creation) reads as the first stage of its lifecycle.
 */
export function deriveEventStatus(
  kind: EventKind,
  newestUpdateStatus: EventStatus | null,
  postmortemPublished: boolean,
): EventStatus {
  const status = newestUpdateStatus ?? (kind === 'incident' ? 'investigating' : 'scheduled');
  if (kind === 'incident' && postmortemPublished && (status === 'resolved' || status === 'postmortem')) {
    return 'postmortem';
  }
  return status;
}
