import { compareStatusSeverity, COMPONENT_STATUSES, type ComponentStatus } from './component-status.js';
import { addDays, startOfDay, type DayKey } from './time.js';

/** A status that held from `at` (epoch ms) until the next change. */
export interface StatusChange {
  readonly at: number;
  readonly status: ComponentStatus;
  /** The incident or maintenance that set it, if any: a day's bar links to the events behind it. */
  readonly eventId?: string | null;
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
  /** Events whose non-operational status held during the day, first seen first; absent when none. */
  readonly eventIds?: readonly string[];
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

/**
 * Daily uptime for one component from its status history.
 *
 * `changes` must be sorted by `at`; each status holds until the next change, the last
 * one until `now`. Time before the first change, before `startDay` and after `now`
 * is not observed, so such days report no data instead of a perfect score.
 * Runs in O(changes + days), with one object per day: a page computes this for hundreds of components.
 */
export function dailyUptime(
  changes: readonly StatusChange[],
  windows: readonly DayWindow[],
  now: number,
  startDay: DayKey | null,
): DayUptime[] {
  const n = windows.length;
  // Per day, ms: observed, then one slot per status in COMPONENT_STATUSES order (operational unused).
  const ms: number[] = new Array<number>(n * SLOTS).fill(0);
  const worst: (ComponentStatus | null)[] = new Array<ComponentStatus | null>(n).fill(null);
  // Allocated only for the rare days something happened: most days of most rows have no events.
  const events: (string[] | undefined)[] = new Array<string[] | undefined>(n);
  let first = 0;
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i]!;
    const segStart = change.at;
    const segEnd = Math.min(i + 1 < changes.length ? changes[i + 1]!.at : now, now);
    if (segEnd <= segStart) continue;
    while (first < n && windows[first]!.end <= segStart) first++;
    const slot = 1 + STATUS_SLOT[change.status];
    for (let k = first; k < n && windows[k]!.start < segEnd; k++) {
      const w = windows[k]!;
      if (startDay !== null && w.day < startDay) continue;
      const t = Math.min(segEnd, w.end) - Math.max(segStart, w.start);
      if (t <= 0) continue;
      ms[k * SLOTS]! += t;
      ms[k * SLOTS + slot]! += t;
      const seen = worst[k] ?? null;
      worst[k] = seen === null || compareStatusSeverity(change.status, seen) > 0 ? change.status : seen;
      if (change.eventId && change.status !== 'operational') {
        const ids = (events[k] ??= []);
        if (!ids.includes(change.eventId)) ids.push(change.eventId);
      }
    }
  }
  const out = new Array<DayUptime>(n);
  for (let k = 0; k < n; k++) {
    const base = k * SLOTS;
    const observedMs = ms[base]!;
    const majorMs = ms[base + 1 + STATUS_SLOT.major_outage]!;
    const partialMs = ms[base + 1 + STATUS_SLOT.partial_outage]!;
    const downtimeMs = majorMs + PARTIAL_OUTAGE_WEIGHT * partialMs;
    out[k] = {
      day: windows[k]!.day,
      observedMs,
      majorMs,
      partialMs,
      degradedMs: ms[base + 1 + STATUS_SLOT.degraded_performance]!,
      maintenanceMs: ms[base + 1 + STATUS_SLOT.under_maintenance]!,
      downtimeMs,
      worst: observedMs > 0 ? worst[k]! : null,
      uptime: observedMs > 0 ? 1 - downtimeMs / observedMs : null,
      ...(events[k] ? { eventIds: events[k] } : {}),
    };
  }
  return out;
}

/** Where each status's time goes in `dailyUptime`'s per-day slots (after the observed time). */
const STATUS_SLOT: Readonly<Record<ComponentStatus, number>> = Object.fromEntries(
  COMPONENT_STATUSES.map((s, i) => [s, i]),
) as Record<ComponentStatus, number>;
const SLOTS = 1 + COMPONENT_STATUSES.length;

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
    let n = 0;
    let observedMs = 0;
    let majorMs = 0;
    let partialMs = 0;
    let degradedMs = 0;
    let maintenanceMs = 0;
    let downtimeMs = 0;
    let uptime = 0;
    let worst: ComponentStatus = 'operational';
    let eventIds: string[] | undefined;
    for (const child of children) {
      const d = child[k]!;
      for (const id of d.eventIds ?? []) if (!(eventIds ??= []).includes(id)) eventIds.push(id);
      if (d.uptime === null) continue;
      n++;
      observedMs += d.observedMs;
      majorMs += d.majorMs;
      partialMs += d.partialMs;
      degradedMs += d.degradedMs;
      maintenanceMs += d.maintenanceMs;
      downtimeMs += d.downtimeMs;
      uptime += d.uptime;
      if (compareStatusSeverity(d.worst!, worst) > 0) worst = d.worst!;
    }
    const mean = (sum: number): number => (n === 0 ? 0 : sum / n);
    return {
      day: template.day,
      observedMs: mean(observedMs),
      majorMs: mean(majorMs),
      partialMs: mean(partialMs),
      degradedMs: mean(degradedMs),
      maintenanceMs: mean(maintenanceMs),
      downtimeMs: mean(downtimeMs),
      worst: n === 0 ? null : worst,
      uptime: n === 0 ? null : mean(uptime),
      ...(eventIds ? { eventIds } : {}),
    };
  });
}

/** A group's uptime over a period: the mean of its children's, over children with data. */
export function groupUptimeRatio(childRatios: readonly (number | null)[]): number | null {
  const known = childRatios.filter((r): r is number => r !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
}
