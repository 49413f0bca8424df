import type { MaintenanceStatus } from './incident-status.js';

/** What the scheduler does to one maintenance: begin the work, end it. */
export const AUTOMATIC_STEPS = ['start', 'complete'] as const;
export type AutomaticStep = (typeof AUTOMATIC_STEPS)[number];

export interface ScheduledWindow {
  readonly status: MaintenanceStatus;
  readonly autoStart: boolean;
  readonly autoComplete: boolean;
  /** Epoch ms. */
  readonly scheduledFor: number;
  readonly scheduledUntil: number;
}

/**
 * How late (ms) the scheduler may act and still date its update at the planned moment.
 * Ticks come every few seconds, so a normal tick is seconds late; five minutes also covers a
 * quick restart. Anything later means Beacon was not running when the moment came.
 */
export const ON_TIME_TOLERANCE_MS = 5 * 60_000;

/**
 * The steps due at `now`, in order. A window that has entirely passed (Beacon was down, or the
 * tick is catching up) gets both at once. Completing applies only to work in progress: a
 * maintenance nobody started (auto start off) is left for a person, who knows whether it happened.
 */
export function dueSteps(w: ScheduledWindow, now: number): AutomaticStep[] {
  const steps: AutomaticStep[] = [];
  let status = w.status;
  if (status === 'scheduled' && w.autoStart && w.scheduledFor <= now) {
    steps.push('start');
    status = 'in_progress';
  }
  if ((status === 'in_progress' || status === 'verifying') && w.autoComplete && w.scheduledUntil <= now) steps.push('complete');
  return steps;
}

/**
 * The time an automatic update is shown at. On time (within the tolerance) it is the planned
 * moment: the tick's polling delay is not news, and the timeline reads as the plan said.
 * Later than that it is `now`: until then the page showed the components in their usual state
 * and subscribers heard nothing, and backdating would rewrite what people saw (and could slip
 * beneath status changes recorded in the meantime). Never before `notBefore`, the event's newest
 * update, so the new update stays the newest and carries the status.
 */
export function automaticDisplayAt(plannedAt: number, now: number, notBefore: number): number {
  const at = now - plannedAt <= ON_TIME_TOLERANCE_MS ? plannedAt : now;
  return Math.max(at, notBefore);
}
