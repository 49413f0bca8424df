import type { Db } from '../../../db/client.js';
import type { ComponentStatus } from '../../core/component-status.js';
import { dailyUptime, groupDailyUptime, groupUptimeRatio, uptimeRatio, type DayUptime } from '../../core/uptime.js';
import { statusHistorySince } from '../read/components.js';
import { uptimeWindows } from '../views/component-tree.js';
import type { ApiContext } from './mappers.js';

export interface UptimeDayJson {
  date: string;
  /** Null on days with no data (before the component existed, or in the future). */
  uptime_percentage: number | null;
  /** major + 0.3 × partial, seconds. */
  downtime_seconds: number;
  major_outage_seconds: number;
  partial_outage_seconds: number;
  degraded_performance_seconds: number;
  under_maintenance_seconds: number;
  observed_seconds: number;
  worst_status: ComponentStatus | null;
}

export interface UptimeComponentJson {
  id: string;
  name: string;
  group: boolean;
  group_id: string | null;
  uptime_percentage_90d: number | null;
  uptime_percentage_30d: number | null;
  days: UptimeDayJson[];
}

/** A ratio as a percentage with four decimals, rounded down so a loss never reads as 100. */
export const percent = (ratio: number | null): number | null => (ratio === null ? null : Math.floor(ratio * 1e6 + 1e-7) / 1e4);
const seconds = (ms: number): number => Math.round(ms / 1000);

function dayJson(d: DayUptime): UptimeDayJson {
  return {
    date: d.day,
    uptime_percentage: percent(d.uptime),
    downtime_seconds: seconds(d.downtimeMs),
    major_outage_seconds: seconds(d.majorMs),
    partial_outage_seconds: seconds(d.partialMs),
    degraded_performance_seconds: seconds(d.degradedMs),
    under_maintenance_seconds: seconds(d.maintenanceMs),
    observed_seconds: seconds(d.observedMs),
    worst_status: d.worst,
  };
}

/** Each component's 90 daily bars as numbers: what the page draws, for integrators. */
export function uptimeJson(db: Db, ctx: ApiContext, now: number): { days: number; components: UptimeComponentJson[] } {
  const windows = uptimeWindows(now, ctx.timeZone);
  const all = [...ctx.components.values()];
  const leaves = all.filter((c) => !c.isGroup);
  const history = statusHistorySince(db, leaves.map((c) => c.id), windows[0]!.start);
  const leafDays = new Map(leaves.map((c) => [c.id, dailyUptime(history.get(c.id) ?? [], windows, now, c.startDate)]));
  const components = all.map((c): UptimeComponentJson => {
    const childDays = c.isGroup ? leaves.filter((l) => l.groupId === c.id).map((l) => leafDays.get(l.id)!) : [];
    const days = c.isGroup ? groupDailyUptime(childDays) : leafDays.get(c.id)!;
    const ratio = (n: number): number | null =>
      c.isGroup ? groupUptimeRatio(childDays.map((d) => uptimeRatio(d.slice(-n)))) : uptimeRatio(days.slice(-n));
    return {
      id: c.id,
      name: c.name,
      group: c.isGroup,
      group_id: c.groupId,
      uptime_percentage_90d: percent(ratio(windows.length)),
      uptime_percentage_30d: percent(ratio(30)),
      days: (days.length ? days : windows.map((w) => emptyDay(w.day))).map(dayJson),
    };
  });
  return { days: windows.length, components };
}

function emptyDay(day: string): DayUptime {
  return { day, observedMs: 0, majorMs: 0, partialMs: 0, degradedMs: 0, maintenanceMs: 0, downtimeMs: 0, worst: null, uptime: null };
}
