import type { Db } from '../../../db/client.js';
import type { PageStatus } from '../../core/indicator.js';
import { listComponents, statusHistorySince, type ComponentRecord } from '../read/components.js';
import { listOpenEvents } from '../read/events.js';
import { readPageSettings } from '../settings.js';
import { layoutView, type ViewResult } from './common.js';
import { buildComponentTree, uptimeWindows, type ComponentView } from './component-tree.js';
import { pageStatusOf } from './current-status.js';
import { loadEventViews, type EventView } from './event-view.js';
import { recentClosedEvents } from './recent-events.js';

/** The front page's banner and open events: everything but the component list and the past week. */
export interface HomeFrame {
  readonly status: PageStatus;
  readonly openIncidents: readonly EventView[];
  readonly activeMaintenance: readonly EventView[];
  readonly upcomingMaintenance: readonly EventView[];
}

export interface HomeView extends HomeFrame {
  /** Closed events of the past RECENT_DAYS, newest first. */
  readonly recent: readonly EventView[];
  readonly components: readonly ComponentView[];
  readonly uptimeFrom: string;
  readonly uptimeTo: string;
}

export function homeView(db: Db, now: number): ViewResult<HomeView> {
  const settings = readPageSettings(db, now);
  const tz = settings.timeZone;
  const records = listComponents(db);
  const windows = uptimeWindows(now, tz);
  const history = statusHistorySince(
    db,
    records.filter((r) => !r.isGroup).map((r) => r.id),
    windows[0]!.start,
  );
  const tree = buildComponentTree(records, history, windows, now);
  const frame = homeFrame(db, records, tz, now);
  const openIds = openEventIds(frame);
  return {
    kind: 'ok',
    layout: layoutView(settings),
    view: {
      ...frame,
      recent: recentClosedEvents(db, tz, now).filter((e) => !openIds.has(e.id)),
      components: tree,
      uptimeFrom: windows[0]!.day,
      uptimeTo: windows[windows.length - 1]!.day,
    },
  };
}

/** The page's banner and open events; `records` are the live components (listComponents). */
export function homeFrame(db: Db, records: readonly ComponentRecord[], tz: string, now: number): HomeFrame {
  const open = loadEventViews(db, listOpenEvents(db), tz, now, 'latest');
  const openIncidents = open.filter((e) => e.kind === 'incident');
  return {
    status: pageStatusOf(records, open),
    openIncidents: openIncidents.reverse(),
    activeMaintenance: open.filter((e) => e.kind === 'maintenance' && e.status !== 'scheduled'),
    upcomingMaintenance: open.filter((e) => e.kind === 'maintenance' && e.status === 'scheduled'),
  };
}

/**
 * The ids of the events the frame lists as open. The past week lists closed ones only, but is read
 * apart (and remembered apart): an event closed or reopened between the two reads is left out of
 * the past week rather than shown twice.
 */
export function openEventIds(frame: HomeFrame): ReadonlySet<string> {
  return new Set([...frame.openIncidents, ...frame.activeMaintenance, ...frame.upcomingMaintenance].map((e) => e.id));
}
