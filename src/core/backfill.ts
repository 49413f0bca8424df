import { formatDateTime } from './format.js';
import type { IncidentStatus } from './incident-status.js';
import { incidentTransition } from './lifecycle.js';

/** One update of an incident being recorded after the fact. */
export interface PastStep {
  readonly status: IncidentStatus;
  /** Epoch ms. */
  readonly at: number;
}

/** What is wrong, and where: the start, the list as a whole, or one step's time or status. */
export type TimelineProblem =
  | { readonly target: 'startedAt' | 'steps'; readonly message: string }
  | { readonly target: 'at' | 'status'; readonly step: number; readonly message: string };

/**
 * Checks the timeline of a past incident: everything already happened (at or before `now`),
 * the updates come in order and not before the start, each status may follow the one before
 * (the lifecycle rules of live incidents), and the last one resolves it, so the incident
 * changes history only and leaves no component or incident open today. `timeZone` is for the
 * times quoted in messages. Returns every problem found; none means the timeline is sound.
 */
export function pastTimelineProblems(startedAt: number, steps: readonly PastStep[], now: number, timeZone: string): TimelineProblem[] {
  const problems: TimelineProblem[] = [];
  if (startedAt > now) problems.push({ target: 'startedAt', message: 'The start is in the future; a past incident must already have happened.' });
  if (steps.length === 0) {
    problems.push({ target: 'steps', message: 'Add the updates customers saw, ending with the one that resolved it.' });
    return problems;
  }
  steps.forEach((step, i) => {
    const previous = steps[i - 1];
    if (step.at > now) problems.push({ target: 'at', step: i, message: 'This time is in the future; every update of a past incident must already have happened.' });
    else if (!previous && step.at < startedAt) {
      problems.push({ target: 'at', step: i, message: `The first update cannot come before the incident started (${formatDateTime(startedAt, timeZone)}).` });
    } else if (previous && step.at < previous.at) {
      problems.push({ target: 'at', step: i, message: `Updates must be in order: this one is before the previous update (${formatDateTime(previous.at, timeZone)}).` });
    }
    if (step.status === 'postmortem') {
      problems.push({ target: 'status', step: i, message: 'Publish a postmortem once the incident is recorded; an update cannot carry that status.' });
    } else if (previous) {
      const transition = incidentTransition(previous.status, step.status);
      if (!transition.allowed) problems.push({ target: 'status', step: i, message: transition.reason });
    }
  });
  if (steps[steps.length - 1]!.status !== 'resolved') {
    problems.push({ target: 'status', step: steps.length - 1, message: 'A past incident must end with a Resolved update.' });
  }
  return problems;
}
