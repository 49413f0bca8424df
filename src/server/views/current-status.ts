import type { Db } from '../../../db/client.js';
import { COMPONENT_STATUS_LABELS, worstStatus, type ComponentStatus } from '../../core/component-status.js';
import { deriveEventStatus } from '../../core/event-status.js';
import { eventImpact, type Impact } from '../../core/impact.js';
import { derivePageStatus, type PageStatus } from '../../core/indicator.js';
import { findComponentBySlug, listComponents, type ComponentRecord } from '../read/components.js';
import { listOpenEvents, updatesForEvents } from '../read/events.js';

/** A leaf's status; a component with no history yet reads as operational. */
export function leafStatus(c: ComponentRecord): ComponentStatus {
  return c.latestStatus ?? 'operational';
}

/** The page's overall status, derived as on the front page (without computing uptime). */
export function currentPageStatus(db: Db): PageStatus {
  const records = listComponents(db);
  const open = listOpenEvents(db);
  const updates = updatesForEvents(db, open.map((e) => e.id));
  // Only used when the page has no components: the worst open incident or running maintenance.
  const impacts: Impact[] = open
    .filter((e) => e.kind === 'incident' || deriveEventStatus(e.kind, e.latestUpdateStatus, false) !== 'scheduled')
    .map((e) => eventImpact(e.kind, (updates.get(e.id) ?? []).flatMap((u) => u.changes.map((c) => c.newStatus)), e.impactOverride));
  return derivePageStatus(records.filter((r) => !r.isGroup).map(leafStatus), impacts);
}

export interface CurrentComponentStatus {
  readonly name: string;
  readonly status: ComponentStatus;
  readonly label: string;
}

/** One component's (or group's: its worst child's) current status, or null for an unknown slug. */
export function currentComponentStatus(db: Db, slug: string): CurrentComponentStatus | null {
  const record = findComponentBySlug(db, slug);
  if (!record) return null;
  const status = record.isGroup
    ? worstStatus(listComponents(db).filter((c) => c.groupId === record.id).map(leafStatus))
    : leafStatus(record);
  return { name: record.name, status, label: COMPONENT_STATUS_LABELS[status] };
}
