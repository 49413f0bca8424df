import { formatDuration } from './format.js';
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

/**
 * "due in 12 min" / "overdue by 5 min" / "no fixed cadence", for a next update due at `at`
 * (epoch ms, null without a cadence) as of `now`. Shared by the pages and the script that
 * keeps them current, so both say it the same way.
 */
export function describeDue(at: number | null, now: number): { readonly overdue: boolean; readonly text: string } {
  if (at === null) return { overdue: false, text: 'no fixed cadence' };
  const overdue = isOverdue(at, now);
  return { overdue, text: overdue ? `overdue by ${formatDuration(now - at)}` : `due in ${formatDuration(Math.max(0, at - now))}` };
}

/** Longest cadence the settings accept: a week, in minutes. */
export const CADENCE_MAX_MINUTES = 7 * 24 * 60;

function isCadenceMinutes(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= CADENCE_MAX_MINUTES;
}

/**
 * The cadence stored as JSON `{SEV1: minutes|null, …}` in the page settings. Stored text is
 * read defensively: null or anything that is not such an object gives the defaults, and a
 * severity with a missing or malformed entry keeps its default.
 */
export function parseCadence(stored: string | null): Cadence {
  if (stored === null) return DEFAULT_CADENCE;
  let data: unknown;
  try {
    data = JSON.parse(stored);
  } catch {
    return DEFAULT_CADENCE;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return DEFAULT_CADENCE;
  const entries = data as Record<string, unknown>;
  return Object.fromEntries(
    SEVERITIES.map((s) => {
      const v = entries[s];
      return [s, v === null ? null : isCadenceMinutes(v) ? v : DEFAULT_CADENCE[s]];
    }),
  ) as Record<Severity, number | null>;
}

/** The JSON to store for a cadence; null when it equals the defaults, so later default changes apply. */
export function serializeCadence(cadence: Cadence): string | null {
  return SEVERITIES.every((s) => cadence[s] === DEFAULT_CADENCE[s]) ? null : JSON.stringify(Object.fromEntries(SEVERITIES.map((s) => [s, cadence[s]])));
}

export function isOverdue(due: number | null, now: number): boolean {
  return due !== null && now > due;
}
