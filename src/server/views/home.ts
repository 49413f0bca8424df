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

/** Everything on the front page but the component list. */
export interface HomeFrame {
  readonly status: PageStatus;
  readonly openIncidents: readonly EventView[];
  readonly activeMaintenance: readonly EventView[];
  readonly upcomingMaintenance: readonly EventView[];
  readonly recent: readonly EventView[];
}

export interface HomeView extends HomeFrame {
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
  return {
    kind: 'ok',
    layout: layoutView(settings),
    view: {
      ...homeFrame(db, records, tz, now),
      components: tree,
      uptimeFrom: windows[0]!.day,
      uptimeTo: windows[windows.length - 1]!.day,
    },
  };
}

/** The page's banner and event lists; `records` are the live components (listComponents). */
export function homeFrame(db: Db, records: readonly ComponentRecord[], tz: string, now: number): HomeFrame {
  const open = loadEventViews(db, listOpenEvents(db), tz, now, 'latest');
  const openIds = new Set(open.map((e) => e.id));
  const recent = recentClosedEvents(db, tz, now).filter((e) => !openIds.has(e.id));
  const openIncidents = open.filter((e) => e.kind === 'incident');
  return {
    status: pageStatusOf(records, open),
    openIncidents: openIncidents.reverse(),
    activeMaintenance: open.filter((e) => e.kind === 'maintenance' && e.status !== 'scheduled'),
    upcomingMaintenance: open.filter((e) => e.kind === 'maintenance' && e.status === 'scheduled'),
    recent,
  };
}
