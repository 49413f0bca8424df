import { and, desc, gte, like, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.js';
import { alerts } from '../../../../db/schema.js';
import { COMPONENT_STATUS_LABELS } from '../../../core/component-status.js';
import { parseIds } from '../../alerts/store.js';
import { listComponents } from '../../read/components.js';
import { readPageSettings } from '../../settings.js';
import { timeView, type TimeView } from '../common.js';

/** How many alerts the list shows: the firing ones always come first. */
export const ALERT_LIST_LIMIT = 100;

export interface AlertRowView {
  readonly id: string;
  readonly source: string;
  readonly name: string;
  readonly summary: string | null;
  readonly firing: boolean;
  /** Component names, or null when nothing matched (unroutable: kept, never dropped). */
  readonly components: string | null;
  readonly statusLabel: string | null;
  readonly labels: string;
  readonly note: string | null;
  readonly receipts: number;
  readonly receivedAt: TimeView;
  readonly proposalId: string | null;
}

export interface AlertsView {
  readonly rows: readonly AlertRowView[];
  readonly firing: number;
  readonly unroutable: number;
}

export function alertsView(db: Db, now: number): AlertsView {
  const { timeZone } = readPageSettings(db, now);
  const names = new Map(listComponents(db).map((c) => [c.id, c.name]));
  const rows = db
    .select()
    .from(alerts)
    .orderBy(sql`${alerts.state} = 'firing' desc`, desc(alerts.receivedAt))
    .limit(ALERT_LIST_LIMIT)
    .all()
    .map((a): AlertRowView => {
      const ids = parseIds(a.componentIds);
      const labels = JSON.parse(a.labels) as Record<string, string>;
      return {
        id: a.id,
        source: a.source,
        name: a.name,
        summary: a.summary,
        firing: a.state === 'firing',
        components: ids.length === 0 ? null : ids.map((id) => names.get(id) ?? id).join(', '),
        statusLabel: a.componentStatus && ids.length > 0 ? COMPONENT_STATUS_LABELS[a.componentStatus] : null,
        labels: Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(' '),
        note: a.note,
        receipts: a.receipts,
        receivedAt: timeView(a.receivedAt, timeZone),
        proposalId: a.proposalId,
      };
    });
  return { rows, firing: rows.filter((r) => r.firing).length, unroutable: rows.filter((r) => r.firing && r.components === null).length };
}

/** How far back the dashboard recalls restores that were skipped because a person took over, ms. */
export const KEPT_NOTICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Alerts resolved in the last day whose component was left as a person set it: the dashboard
 * says so, so nobody wonders why a component did not recover by itself.
 */
export function keptByPeopleNotes(db: Db, now: number): string[] {
  return db
    .select({ name: alerts.name, note: alerts.note })
    .from(alerts)
    .where(and(gte(alerts.receivedAt, now - KEPT_NOTICE_WINDOW_MS), like(alerts.note, '%as a person set it%')))
    .orderBy(desc(alerts.receivedAt))
    .limit(5)
    .all()
    .map((a) => `${a.name} resolved — ${a.note}`);
}
