import type { Db } from '../../../db/client.js';
import { COMPONENT_STATUS_LABELS, worstStatus, type ComponentStatus } from '../../core/component-status.js';
import { deriveEventStatus } from '../../core/event-status.js';
import { eventImpact, type Impact } from '../../core/impact.js';
import type { EventKind, EventStatus } from '../../core/incident-status.js';
import { derivePageStatus, type PageStatus } from '../../core/indicator.js';
import { findComponentBySlug, listComponents, type ComponentRecord } from '../read/components.js';
import { listOpenEvents } from '../read/events.js';
import { updatesForEvents } from '../read/event-updates.js';

/** A leaf's status; a component with no history yet reads as operational. */
export function leafStatus(c: ComponentRecord): ComponentStatus {
  return c.latestStatus ?? 'operational';
}

/** What the page status needs to know of an open event. */
export interface OpenEventImpact {
  readonly kind: EventKind;
  readonly status: EventStatus;
  readonly impact: Impact;
}

/**
 * The page's overall status from data a caller already holds: leaf components decide; with
 * none, the worst open incident or running (not merely scheduled) maintenance does.
 */
export function pageStatusOf(components: readonly ComponentRecord[], open: readonly OpenEventImpact[]): PageStatus {
  const impacts = open.filter((e) => e.kind === 'incident' || e.status !== 'scheduled').map((e) => e.impact);
  return derivePageStatus(components.filter((r) => !r.isGroup).map(leafStatus), impacts);
}

/** The page's overall status, read from the database (without computing uptime). */
export function currentPageStatus(db: Db): PageStatus {
  const open = listOpenEvents(db);
  const updates = updatesForEvents(db, open.map((e) => e.id));
  return pageStatusOf(
    listComponents(db),
    open.map((e) => ({
      kind: e.kind,
      status: deriveEventStatus(e.kind, e.latestUpdateStatus, e.postmortemPublishedAt !== null),
      impact: eventImpact(e.kind, (updates.get(e.id) ?? []).flatMap((u) => u.changes.map((c) => c.newStatus)), e.impactOverride),
    })),
  );
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
