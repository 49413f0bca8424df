import { describeDue, nextUpdateDue, type Cadence } from '../../../core/cadence.js';
import type { Severity } from '../../../core/severity.js';

/** When an open incident's next update is due, as the dashboard and the incident page show it. */
export interface UpdateDue {
  /** Epoch ms; null without a cadence for the severity (or without any update yet). */
  readonly at: number | null;
  readonly overdue: boolean;
  /** "due in 12 min" / "overdue by 5 min" / "no fixed cadence". */
  readonly text: string;
}

export function updateDue(severity: Severity | null, lastUpdateAt: number | null, cadence: Cadence, now: number): UpdateDue {
  const at = lastUpdateAt === null ? null : nextUpdateDue(severity, lastUpdateAt, cadence);
  return { at, ...describeDue(at, now) };
}
