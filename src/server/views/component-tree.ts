import { COMPONENT_STATUS_LABELS, worstStatus, type ComponentStatus } from '../../core/component-status.js';
import { formatDayKey, formatDuration, formatUptime } from '../../core/format.js';
import { dayKeyOf } from '../../core/time.js';
import {
  dailyUptime,
  dayWindows,
  groupDailyUptime,
  groupUptimeRatio,
  uptimeRatio,
  UPTIME_DAYS,
  type DayUptime,
  type DayWindow,
} from '../../core/uptime.js';
import type { ComponentRecord } from '../read/components.js';
import type { StatusChange } from '../../core/uptime.js';
import { statusIconHref } from './status-icon.js';
import { uptimeChartView, type UptimeChartView } from './uptime-bars.js';

export interface BarView {
  readonly day: string;
  /** Worst status that day, or 'none' when there is no data. */
  readonly level: ComponentStatus | 'none';
  /** What a reader learns on hover or from a screen reader. */
  readonly summary: string;
  /** The day's uptime as printed, e.g. "99.31%"; "No data" without data. */
  readonly uptime: string;
  /** Events behind the day's trouble (see DayUptime.eventIds). */
  readonly eventIds: readonly string[];
}

export interface ComponentView {
  readonly id: string;
  readonly slug: string;
  /** The component's own page. */
  readonly href: string;
  readonly name: string;
  readonly description: string | null;
  readonly isGroup: boolean;
  readonly status: ComponentStatus;
  readonly statusLabel: string;
  /** The status icon's `<use href>` (see status-icon.ts). */
  readonly iconHref: string;
  /** Whether the uptime bars are shown (the component's "showcase" flag). */
  readonly showcase: boolean;
  readonly uptime90: string;
  readonly uptime30: string;
  readonly bars: readonly BarView[];
  /** The bars as drawn, with their labels: a page of hundreds of rows does no work per row while rendering. */
  readonly chart: UptimeChartView;
  readonly children: readonly ComponentView[];
}

interface Uptime {
  days: DayUptime[];
  ratio90: number | null;
  ratio30: number | null;
}

/** The 90 daily windows ending today, cut in the page's time zone. */
export function uptimeWindows(now: number, timeZone: string): DayWindow[] {
  return dayWindows(dayKeyOf(now, timeZone), UPTIME_DAYS, timeZone);
}

/**
 * Turns flat component records into the page's tree: groups (with their children) and
 * ungrouped components, in position order, each with status and 90 daily bars.
 * A group's status is its worst child's, its uptime the mean of its children's.
 */
export function buildComponentTree(
  records: readonly ComponentRecord[],
  history: ReadonlyMap<string, readonly StatusChange[]>,
  windows: readonly DayWindow[],
  now: number,
): ComponentView[] {
  const { ids, childrenOf } = groupMembers(records);
  // Every row has the same 90 days: their labels are formatted once, not once per bar (Intl is slow),
  // and the bars of quiet days (most of them), alike in every row, are made once and shared.
  const quiet = windows.map((w) => quietDay(w.day, formatDayKey(w.day)));
  const dateOf = (day: string): string => quiet.find((q) => q.noData.day === day)?.date ?? formatDayKey(day);
  // `k`: the day's index in `windows`, where every row's days are.
  const barOf = (d: DayUptime, k: number): BarView => {
    const q = quiet[k];
    if (q?.noData.day !== d.day) return barView(d, dateOf(d.day));
    if (d.worst === null) return q.noData;
    if (d.worst === 'operational') return q.noDowntime;
    return barView(d, q.date);
  };
  const visibleLeaves = (rs: readonly ComponentRecord[]): LeafResult[] =>
    rs.map((r) => leafView(r, history, windows, now, barOf, dateOf)).filter((l) => !l.hidden);

  const tree: ComponentView[] = [];
  for (const r of records) {
    if (r.groupId !== null && ids.has(r.groupId)) continue; // drawn inside its group
    if (!r.isGroup) {
      tree.push(...visibleLeaves([r]).map((l) => l.view));
      continue;
    }
    const children = visibleLeaves(childrenOf.get(r.id) ?? []);
    if (children.length === 0) continue;
    const status = worstStatus(children.map((c) => c.view.status));
    const uptime90 = formatUptime(groupUptimeRatio(children.map((c) => c.uptime.ratio90)));
    const bars = groupDailyUptime(children.map((c) => c.uptime.days)).map(barOf);
    tree.push({
      ...baseView(r, status),
      showcase: children.some((c) => c.view.showcase),
      uptime90,
      uptime30: formatUptime(groupUptimeRatio(children.map((c) => c.uptime.ratio30))),
      bars,
      chart: uptimeChartView(bars, r.name, uptime90, formatUptime(groupUptimeRatio(children.map((c) => c.uptime.ratio30))), dateOf),
      children: children.map((c) => c.view),
    });
  }
  return tree;
}

/** Each group's members among `records`, in their order; `ids` holds every record's id (a member of a group not among them is drawn at the top level). */
export function groupMembers(records: readonly ComponentRecord[]): { ids: ReadonlySet<string>; childrenOf: ReadonlyMap<string, ComponentRecord[]> } {
  const ids = new Set(records.map((r) => r.id));
  const childrenOf = new Map<string, ComponentRecord[]>();
  for (const r of records) {
    if (r.groupId === null || !ids.has(r.groupId)) continue;
    const siblings = childrenOf.get(r.groupId);
    if (siblings) siblings.push(r);
    else childrenOf.set(r.groupId, [r]);
  }
  return { ids, childrenOf };
}

/** Leaf component views flattened out of a tree (groups replaced by their children). */
export function leaves(tree: readonly ComponentView[]): ComponentView[] {
  return tree.flatMap((c) => (c.isGroup ? [...c.children] : [c]));
}

interface LeafResult {
  view: ComponentView;
  uptime: Uptime;
  /** "Only show if degraded" hides a component while it is operational. */
  hidden: boolean;
}

function leafView(
  r: ComponentRecord,
  history: ReadonlyMap<string, readonly StatusChange[]>,
  windows: readonly DayWindow[],
  now: number,
  barOf: (d: DayUptime, k: number) => BarView,
  dateOf: (day: string) => string,
): LeafResult {
  const days = dailyUptime(history.get(r.id) ?? [], windows, now, r.startDate);
  const uptime = { days, ratio90: uptimeRatio(days), ratio30: uptimeRatio(days.slice(-30)) };
  const status = r.latestStatus ?? 'operational';
  const uptime90 = formatUptime(uptime.ratio90);
  const bars = days.map(barOf);
  return {
    uptime,
    hidden: r.onlyShowIfDegraded && status === 'operational',
    view: {
      ...baseView(r, status),
      uptime90,
      uptime30: formatUptime(uptime.ratio30),
      bars,
      chart: uptimeChartView(bars, r.name, uptime90, formatUptime(uptime.ratio30), dateOf),
      children: [],
    },
  };
}

function baseView(
  r: ComponentRecord,
  status: ComponentStatus,
): Omit<ComponentView, 'uptime90' | 'uptime30' | 'bars' | 'chart' | 'children'> {
  return {
    id: r.id,
    slug: r.slug,
    href: `/components/${encodeURIComponent(r.slug)}`,
    name: r.name,
    description: r.description,
    isGroup: r.isGroup,
    status,
    statusLabel: COMPONENT_STATUS_LABELS[status],
    iconHref: statusIconHref(status),
    showcase: r.showcase,
  };
}

interface QuietDay {
  readonly date: string;
  readonly noData: BarView;
  readonly noDowntime: BarView;
}

/** A day's label and its two bars that say nothing more than the day: no data, and a day only ever operational. */
function quietDay(day: string, date: string): QuietDay {
  return {
    date,
    noData: { day, level: 'none', summary: `${date}: no data`, uptime: NO_DATA, eventIds: NO_EVENTS },
    noDowntime: { day, level: 'operational', summary: `${date}: no downtime recorded`, uptime: '100%', eventIds: NO_EVENTS },
  };
}

const NO_EVENTS: readonly string[] = [];
const NO_DATA = 'No data';

/** `date` is the day's label, e.g. "Nov 22, 2026". */
function barView(d: DayUptime, date: string): BarView {
  if (d.worst === null) return { day: d.day, level: 'none', summary: `${date}: no data`, uptime: NO_DATA, eventIds: NO_EVENTS };
  const parts: string[] = [];
  if (d.majorMs > 0) parts.push(`major outage ${formatDuration(d.majorMs)}`);
  if (d.partialMs > 0) parts.push(`partial outage ${formatDuration(d.partialMs)}`);
  if (d.degradedMs > 0) parts.push(`degraded ${formatDuration(d.degradedMs)}`);
  if (d.maintenanceMs > 0) parts.push(`maintenance ${formatDuration(d.maintenanceMs)}`);
  const detail = parts.length === 0 ? 'no downtime recorded' : parts.join(', ');
  return { day: d.day, level: d.worst, summary: `${date}: ${detail}`, uptime: formatUptime(d.uptime), eventIds: d.eventIds ?? NO_EVENTS };
}
