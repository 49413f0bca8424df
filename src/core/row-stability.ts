import type { ComponentStatus } from './component-status.js';
import { dailyUptime, PARTIAL_OUTAGE_WEIGHT, type DayUptime, type DayWindow, type StatusChange } from './uptime.js';
import type { DayKey } from './time.js';

/**
 * How long a front-page row, rendered at `now`, stays exactly what a render at a later instant
 * would print, with its inputs (history, settings, day) unchanged.
 *
 * Within one day a row moves with the clock only through the status still running: its time adds
 * to today's observed time and, when it is an outage, to today's downtime; so today's bar (uptime
 * and durations) and the 30/90-day uptime drift. Each printed figure is a floor (uptime to 0.01 %,
 * durations to the minute at finest), so it cannot change before its value crosses the next
 * boundary; each value moves no faster than its rate at `now` (uptime 1 − D/O with D, O growing
 * linearly has a derivative of constant sign whose size only falls), so distance ÷ rate is a lower
 * bound on the time the row stays right. Changes dated at or after `now` end the span at their
 * time. The result is conservative: a row may be re-rendered while still right, never kept past a
 * change.
 */

/** A value shown floored, and the most it rises and falls per ms from `now` on (both ≥ 0). */
interface Drift {
  readonly value: number;
  readonly up: number;
  readonly down: number;
}

/** One leaf's figures that a row prints and how each moves. */
interface LeafDrift {
  readonly ratio90: Drift | null;
  readonly ratio30: Drift | null;
  readonly todayUptime: Drift | null;
  /** Today's ms of major, partial, degraded and maintenance, in that order. */
  readonly todayMs: readonly Drift[];
  /** The first change dated at or after `now`: the row changes there whatever the figures do. */
  readonly nextChangeAt: number;
}

export interface LeafInput {
  /** Sorted by time, starting with the status in force at the first window's start (statusHistorySince). */
  readonly changes: readonly StatusChange[];
  readonly startDay: DayKey | null;
}

const MINUTE = 60_000;
const KINDS: readonly ComponentStatus[] = ['major_outage', 'partial_outage', 'degraded_performance', 'under_maintenance'];
/** Slack against binary rounding when a later render recomputes a value near a boundary. */
const EPSILON = 1e-6;

/** The instant (epoch ms) until which a row of these leaves, rendered at `now`, is still right; `group` when the leaves form a group's row. */
export function rowStableUntil(leaves: readonly LeafInput[], windows: readonly DayWindow[], now: number, group: boolean): number {
  const drifts = leaves.map((l) => leafDrift(l, windows, now));
  let until = Infinity;
  for (const d of drifts) until = Math.min(until, d.nextChangeAt, now + leafStableMs(d));
  if (group && drifts.length > 0) until = Math.min(until, now + groupStableMs(drifts));
  return until;
}

function leafStableMs(d: LeafDrift): number {
  return Math.min(
    uptimeStableMs(d.ratio90),
    uptimeStableMs(d.ratio30),
    uptimeStableMs(d.todayUptime),
    ...d.todayMs.map(durationStableMs),
  );
}

/** A group prints the mean over children with data of each figure (groupDailyUptime, groupUptimeRatio). */
function groupStableMs(drifts: readonly LeafDrift[]): number {
  const mean = (pick: (d: LeafDrift) => Drift | null): Drift | null => {
    const known = drifts.map(pick).filter((x): x is Drift => x !== null);
    if (known.length === 0) return null;
    // Each child's figure moves one way at a falling speed: the mean rises no faster than the mean of the risers' speeds, likewise falling.
    const avg = (f: (x: Drift) => number): number => known.reduce((s, x) => s + f(x), 0) / known.length;
    return { value: avg((x) => x.value), up: avg((x) => x.up), down: avg((x) => x.down) };
  };
  const todayMs = KINDS.map((_, i) => mean((d) => (d.todayUptime === null ? null : d.todayMs[i]!)));
  return Math.min(
    uptimeStableMs(mean((d) => d.ratio90)),
    uptimeStableMs(mean((d) => d.ratio30)),
    uptimeStableMs(mean((d) => d.todayUptime)),
    ...todayMs.map((m) => (m === null ? Infinity : durationStableMs(m))),
  );
}

function leafDrift(leaf: LeafInput, windows: readonly DayWindow[], now: number): LeafDrift {
  const days = dailyUptime(leaf.changes, windows, now, leaf.startDay);
  let running: StatusChange | null = null;
  let nextChangeAt = Infinity;
  for (const c of leaf.changes) {
    if (c.at < now) running = c;
    else {
      nextChangeAt = c.at;
      break;
    }
  }
  const today = windows[windows.length - 1];
  // The running status adds observed time only while today is inside the component's life.
  const observing = running !== null && today !== undefined && (leaf.startDay === null || today.day >= leaf.startDay);
  const b = observing ? 1 : 0;
  const status = running?.status ?? 'operational';
  const a = b * (status === 'major_outage' ? 1 : status === 'partial_outage' ? PARTIAL_OUTAGE_WEIGHT : 0);
  const last = days[days.length - 1];
  return {
    ratio90: ratioDrift(days, a, b),
    ratio30: ratioDrift(days.slice(-30), a, b),
    todayUptime: last ? ratioDrift([last], a, b) : null,
    todayMs: KINDS.map((k) => ({ value: last ? msOf(last, k) : 0, up: b * (status === k ? 1 : 0), down: 0 })),
    nextChangeAt,
  };
}

/** Uptime 1 − D/O with D growing at `a` and O at `b` per ms: d/dt = (b·D − a·O) / (O + b·t)², of fixed sign, largest at `now`. */
function ratioDrift(days: readonly DayUptime[], a: number, b: number): Drift | null {
  let observed = 0;
  let downtime = 0;
  for (const d of days) {
    observed += d.observedMs;
    downtime += d.downtimeMs;
  }
  if (observed <= 0) return b > 0 ? { value: 1, up: Infinity, down: Infinity } : null;
  const rate = (b * downtime - a * observed) / (observed * observed);
  return { value: 1 - downtime / observed, up: Math.max(rate, 0), down: Math.max(-rate, 0) };
}

function msOf(d: DayUptime, kind: ComponentStatus): number {
  if (kind === 'major_outage') return d.majorMs;
  if (kind === 'partial_outage') return d.partialMs;
  if (kind === 'degraded_performance') return d.degradedMs;
  return d.maintenanceMs;
}

/** formatUptime floors ratio × 10 000 (+1e-9): time until the value could reach the next boundary above or fall below the current one. */
function uptimeStableMs(d: Drift | null): number {
  if (d === null) return Infinity;
  const scaled = d.value * 10_000 + 1e-9;
  const rise = Math.floor(scaled) + 1 - scaled - EPSILON;
  const fall = scaled - Math.floor(scaled) - EPSILON;
  return Math.min(stableFor(rise, d.up * 10_000), stableFor(fall, d.down * 10_000));
}

/** Time to cover `gap` at `rate`: at once when already at the edge, never at rate 0. */
function stableFor(gap: number, rate: number): number {
  if (rate === 0) return Infinity;
  return gap <= 0 || !Number.isFinite(rate) ? 0 : gap / rate;
}

/** formatDuration changes at whole minutes at the finest, and these durations only grow. */
function durationStableMs(d: Drift): number {
  if (d.up === 0) return Infinity;
  // From zero a kind first appears in the summary ("less than a minute") at once.
  if (d.value <= 0) return 0;
  return stableFor(MINUTE - (d.value % MINUTE) - EPSILON * MINUTE, d.up);
}
