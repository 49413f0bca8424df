import type { BarView } from './component-tree.js';

/** Geometry in SVG user units: each day is a bar 4 wide and 32 high, one every 6 (a gap of 2). */
export const BAR_PITCH = 6;
export const BAR_WIDTH = 4;
export const BAR_HEIGHT = 32;
/** `stroke-dasharray` of a run of quiet days: a bar, then the gap. */
export const BAR_DASHES = `${BAR_WIDTH} ${BAR_PITCH - BAR_WIDTH}`;

/** Levels whose days say nothing a tooltip could add: drawn together, one path per level. */
const QUIET_LEVELS = ['operational', 'none'] as const;
type QuietLevel = (typeof QUIET_LEVELS)[number];

/** All of one quiet level's days as one path of dashed horizontal runs (see `runsPath`). */
export interface BarRunsView {
  readonly level: QuietLevel;
  readonly d: string;
  readonly days: number;
  readonly title: string;
}

/** A day with something to explain (an outage, degradation or maintenance): its own bar with a tooltip. */
export interface BarMarkView {
  readonly x: number;
  readonly level: BarView['level'];
  readonly day: string;
  readonly summary: string;
  readonly uptime: string;
  /** The events behind the day, space-separated ids ('' when none): the day's popover links them. */
  readonly events: string;
}

export interface UptimeBarsView {
  readonly width: number;
  readonly runs: readonly BarRunsView[];
  readonly marks: readonly BarMarkView[];
}

/**
 * Compact markup for a row of daily bars. A page of hundreds of components would otherwise carry
 * one `<rect>` and `<title>` per component per day (tens of thousands): quiet days are instead
 * drawn as one path per level, and only days worth explaining get an element of their own.
 *
 * Each run of consecutive quiet days of one level is a horizontal line through the middle of the
 * bars, stroked BAR_HEIGHT wide and dashed BAR_WIDTH on, the gap off: the dash pattern restarts at
 * every sub-path, so a run of k days ending on a dash is exactly k bars of the same size and place
 * as a `<rect>` each would be (the stroke is styled in the global stylesheet).
 */
export function uptimeBarsView(bars: readonly BarView[]): UptimeBarsView {
  const marks: BarMarkView[] = [];
  const runs = new Map<QuietLevel, { d: string[]; days: number }>();
  let i = 0;
  while (i < bars.length) {
    const level = bars[i]!.level;
    if (!isQuiet(level)) {
      const bar = bars[i]!;
      marks.push({ x: i * BAR_PITCH, level, day: bar.day, summary: bar.summary, uptime: bar.uptime, events: bar.eventIds.join(' ') });
      i++;
      continue;
    }
    let end = i + 1;
    while (end < bars.length && bars[end]!.level === level) end++;
    const run = runs.get(level) ?? { d: [], days: 0 };
    run.d.push(`M${i * BAR_PITCH} ${BAR_HEIGHT / 2}h${(end - i) * BAR_PITCH - (BAR_PITCH - BAR_WIDTH)}`);
    run.days += end - i;
    runs.set(level, run);
    i = end;
  }
  return {
    width: Math.max(0, bars.length * BAR_PITCH - (BAR_PITCH - BAR_WIDTH)),
    runs: QUIET_LEVELS.flatMap((level) => {
      const run = runs.get(level);
      return run ? [{ level, d: run.d.join(''), days: run.days, title: runsTitle(level, run.days) }] : [];
    }),
    marks,
  };
}

/** A row's chart with everything its template prints: the drawing and the words around it. */
export interface UptimeChartView extends UptimeBarsView {
  /** What a screen reader says of the whole chart, e.g. "API: 99.95% uptime over the last 90 days". */
  readonly label: string;
  /** The first day's date under the chart, e.g. "Aug 25, 2026"; empty with no days. */
  readonly from: string;
  /** The uptime figure under the chart, e.g. "99.95%". */
  readonly uptime: string;
  /** The first day as a key ("2026-08-25"): the popover script counts the days from it. */
  readonly firstDay: string;
  /** Phones show the last PHONE_DAYS days only: the first of them, and their uptime. */
  readonly from30: string;
  readonly uptime30: string;
}

/** Days a phone shows (as Statuspage does): 90 bars on 390 px would be hairlines. */
export const PHONE_DAYS = 30;

/** `dateOf` labels a day key ("Aug 25, 2026"): callers drawing many rows of the same days format each once. */
export function uptimeChartView(
  bars: readonly BarView[],
  name: string,
  uptime: string,
  uptime30: string,
  dateOf: (day: string) => string,
): UptimeChartView {
  const first = bars[0]?.day;
  const first30 = bars[Math.max(0, bars.length - PHONE_DAYS)]?.day;
  return {
    ...uptimeBarsView(bars),
    label: `${name}: ${uptime} uptime over the last ${bars.length} days`,
    from: first ? dateOf(first) : '',
    uptime,
    firstDay: first ?? '',
    from30: first30 ? dateOf(first30) : '',
    uptime30,
  };
}

function isQuiet(level: BarView['level']): level is QuietLevel {
  return (QUIET_LEVELS as readonly string[]).includes(level);
}

function runsTitle(level: QuietLevel, days: number): string {
  const n = `${days} ${days === 1 ? 'day' : 'days'}`;
  return level === 'operational' ? `No downtime recorded on ${n}` : `No data for ${n}`;
}
