import type { Db } from '../../../../db/client.js';
import type { PageStatus } from '../../../core/indicator.js';
import { listComponents } from '../../read/components.js';
import { listOpenEvents } from '../../read/events.js';
import { readPageSettings } from '../../settings.js';
import { timeView, type TimeView } from '../common.js';
import { pageStatusOf } from '../current-status.js';
import { loadEventViews, type EventView } from '../event-view.js';
import { updateDue } from './update-due.js';

export interface OpenIncidentRow {
  readonly event: EventView;
  readonly lastUpdate: TimeView | null;
  readonly nextDue: TimeView | null;
  /** Epoch ms, for ordering. */
  readonly dueAt: number | null;
  readonly overdue: boolean;
  /** "due in 12 min" / "overdue by 5 min" / "no fixed cadence". */
  readonly dueText: string;
}

export interface DashboardView {
  readonly pageName: string;
  readonly status: PageStatus;
  readonly incidents: readonly OpenIncidentRow[];
  readonly maintenance: readonly EventView[];
}

/** What the comms lead sees first: open incidents, which update is due or overdue, maintenance. */
export function dashboardView(db: Db, now: number): DashboardView {
  const settings = readPageSettings(db, now);
  const open = listOpenEvents(db);
  const views = loadEventViews(db, open, settings.timeZone, now, 'latest');
  const incidents = open.flatMap((record, i): OpenIncidentRow[] => {
    if (record.kind !== 'incident') return [];
    const last = record.latestUpdateAt;
    const { at: due, overdue, text: dueText } = updateDue(record.severity, last, settings.cadence, now);
    return [
      {
        event: views[i]!,
        lastUpdate: last === null ? null : timeView(last, settings.timeZone),
        nextDue: due === null ? null : timeView(due, settings.timeZone),
        dueAt: due,
        overdue,
        dueText,
      },
    ];
  });
  return {
    pageName: settings.name,
    status: pageStatusOf(listComponents(db), views),
    // Most overdue first, then the soonest due; no cadence last.
    incidents: incidents.sort((a, b) => (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity)),
    maintenance: views.filter((v) => v.kind === 'maintenance'),
  };
}

/** One open incident's next-update state, as `/admin/due.json` reports it. */
export interface DueState {
  readonly id: string;
  /** Epoch ms; null without a cadence. */
  readonly dueAt: number | null;
  readonly overdue: boolean;
  readonly text: string;
}

/**
 * Every open incident's next-update state as of `now` (epoch ms, sent along so a page can
 * tick its minutes on from the server's clock rather than its own until the next refresh).
 */
export function dueStatesView(db: Db, now: number): { readonly now: number; readonly incidents: readonly DueState[] } {
  const { cadence } = readPageSettings(db, now);
  const incidents = listOpenEvents(db)
    .filter((r) => r.kind === 'incident')
    .map((r) => {
      const due = updateDue(r.severity, r.latestUpdateAt, cadence, now);
      return { id: r.id, dueAt: due.at, overdue: due.overdue, text: due.text };
    });
  return { now, incidents };
}
