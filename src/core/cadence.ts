import { SEVERITIES, SEVERITY_INFO, type Severity } from './severity.js';

/** Minutes between public updates per severity; null: no fixed cadence. */
export type Cadence = Readonly<Record<Severity, number | null>>;

export const DEFAULT_CADENCE: Cadence = Object.fromEntries(
  SEVERITIES.map((s) => [s, SEVERITY_INFO[s].defaultCadenceMinutes]),
) as Record<Severity, number | null>;

/** When customers should next hear about an open incident (epoch ms), or null when no cadence applies. */
export function nextUpdateDue(severity: Severity | null, lastUpdateAt: number, cadence: Cadence = DEFAULT_CADENCE): number | null {
  const minutes = severity === null ? null : cadence[severity];
  return minutes === null ? null : lastUpdateAt + minutes * 60_000;
}

export function isOverdue(due: number | null, now: number): boolean {
  return due !== null && now > due;
}
