import { desc, sql } from 'drizzle-orm';
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
