import { worstStatus, type ComponentStatus } from './component-status.js';
import { addDays, startOfDay, type DayKey } from './time.js';

/** A status that held from `at` (epoch ms) until the next change. */
export interface StatusChange {
  readonly at: number;
  readonly status: ComponentStatus;
}

/** One calendar day in the page's zone, as the half-open instant range [start, end). */
export interface DayWindow {
  readonly day: DayKey;
  readonly start: number;
  readonly end: number;
}

/** What one component (or the mean of a group's children) went through on one day. */
export interface DayUptime {
  readonly day: DayKey;
  /** Time covered by status history on this day, ms; 0 means no data. */
  readonly observedMs: number;
  readonly majorMs: number;
  readonly partialMs: number;
  readonly degradedMs: number;
  readonly maintenanceMs: number;
  /** major + 0.3 × partial, ms. Degraded and maintenance count zero. */
  readonly downtimeMs: number;
  /** Worst status held for any time that day; null when there is no data. */
  readonly worst: ComponentStatus | null;
  /** 1 − downtime / observed, or null when there is no data. */
  readonly uptime: number | null;
}

/** Weight of partial-outage time in downtime. */
export const PARTIAL_OUTAGE_WEIGHT = 0.3;
export const UPTIME_DAYS = 90;

/** `count` consecutive days ending with `lastDay`, oldest first, cut in `timeZone`. */
export function dayWindows(lastDay: DayKey, count: number, timeZone: string): DayWindow[] {
  const windows: DayWindow[] = [];
  let start = startOfDay(addDays(lastDay, -(count - 1)), timeZone);
  for (let i = count - 1; i >= 0; i--) {
    const day = addDays(lastDay, -i);
    const end = startOfDay(addDays(day, 1), timeZone);
    windows.push({ day, start, end });
    start = end;
  }
  return windows;
}

interface Accumulator {
  observed: number;
  major: number;
  partial: number;
  degraded: number;
  maintenance: number;
  seen: ComponentStatus[];
}

/**
 * Daily uptime for one component from its status history.
 *
 * `changes` must be sorted by `at`; each status holds until the next change, the last
 * one until `now`. Time before the first change, before `startDay` and after `now`
 * is not observed, so such days report no data instead of a perfect score.
 * Runs in O(changes + days).
 */
export function dailyUptime(
  changes: readonly StatusChange[],
  windows: readonly DayWindow[],
  now: number,
  startDay: DayKey | null,
): DayUptime[] {
  const acc: Accumulator[] = windows.map(() => ({
    observed: 0,
    major: 0,
    partial: 0,
    degraded: 0,
    maintenance: 0,
    seen: [],
  }));
  let first = 0;
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i]!;
    const segStart = change.at;
    const segEnd = Math.min(i + 1 < changes.length ? changes[i + 1]!.at : now, now);
    if (segEnd <= segStart) continue;
    while (first < windows.length && windows[first]!.end <= segStart) first++;
    for (let k = first; k < windows.length && windows[k]!.start < segEnd; k++) {
      const w = windows[k]!;
      if (startDay !== null && w.day < startDay) continue;
      const ms = Math.min(segEnd, w.end) - Math.max(segStart, w.start);
      if (ms <= 0) continue;
      const a = acc[k]!;
      a.observed += ms;
      if (change.status === 'major_outage') a.major += ms;
      else if (change.status === 'partial_outage') a.partial += ms;
      else if (change.status === 'degraded_performance') a.degraded += ms;
      else if (change.status === 'under_maintenance') a.maintenance += ms;
      a.seen.push(change.status);
    }
  }
  return windows.map((w, k) => {
    const a = acc[k]!;
    const downtimeMs = a.major + PARTIAL_OUTAGE_WEIGHT * a.partial;
    return {
      day: w.day,
      observedMs: a.observed,
      majorMs: a.major,
      partialMs: a.partial,
      degradedMs: a.degraded,
      maintenanceMs: a.maintenance,
      downtimeMs,
      worst: a.observed > 0 ? worstStatus(a.seen) : null,
      uptime: a.observed > 0 ? 1 - downtimeMs / a.observed : null,
    };
  });
}

/** Uptime over a run of days: 1 − total downtime / total observed time; null with no data. */
export function uptimeRatio(days: readonly DayUptime[]): number | null {
  let observed = 0;
  let downtime = 0;
  for (const d of days) {
    observed += d.observedMs;
    downtime += d.downtimeMs;
  }
  return observed > 0 ? 1 - downtime / observed : null;
}

/**
 * A group's days: for each day, the mean over the children that have data that day
 * (durations and uptime alike), and the worst status any child had.
 * All children must cover the same windows.
 */
export function groupDailyUptime(children: readonly (readonly DayUptime[])[]): DayUptime[] {
  if (children.length === 0) return [];
  return children[0]!.map((template, k) => {
    const withData = children.map((c) => c[k]!).filter((d) => d.uptime !== null);
    const n = withData.length;
    const mean = (pick: (d: DayUptime) => number): number =>
      n === 0 ? 0 : withData.reduce((sum, d) => sum + pick(d), 0) / n;
    return {
      day: template.day,
      observedMs: mean((d) => d.observedMs),
      majorMs: mean((d) => d.majorMs),
      partialMs: mean((d) => d.partialMs),
      degradedMs: mean((d) => d.degradedMs),
      maintenanceMs: mean((d) => d.maintenanceMs),
      downtimeMs: mean((d) => d.downtimeMs),
      worst: n === 0 ? null : worstStatus(withData.map((d) => d.worst!)),
      uptime: n === 0 ? null : mean((d) => d.uptime!),
    };
  });
}

/** A group's uptime over a period: the mean of its children's, over children with data. */
export function groupUptimeRatio(childRatios: readonly (number | null)[]): number | null {
  const known = childRatios.filter((r): r is number => r !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
}
