import { worstStatus } from '../../core/component-status.js';
import { deriveEventStatus } from '../../core/event-status.js';
import { formatIsoInZone } from '../../core/format.js';
import { eventImpact } from '../../core/impact.js';
import type { ComponentRecord } from '../read/components.js';
import type { EventRecord } from '../read/events.js';
import type { AffectedComponent, UpdateRecord } from '../read/event-updates.js';
import { leafStatus } from '../views/current-status.js';
import type { ComponentJson, IncidentJson, IncidentUpdateJson, MaintenanceJson } from './shapes.js';

/** What every mapping needs to know about the page. */
export interface ApiContext {
  readonly pageId: string;
  readonly timeZone: string;
  /** Absolute base URL, for shortlinks. */
  readonly baseUrl: string;
  /** All live components by id, to resolve groups and names. */
  readonly components: ReadonlyMap<string, ComponentRecord>;
}

export function iso(ctx: ApiContext, epochMs: number): string {
  return formatIsoInZone(epochMs, ctx.timeZone);
}

function childrenOf(ctx: ApiContext, groupId: string): ComponentRecord[] {
  return [...ctx.components.values()].filter((c) => c.groupId === groupId);
}

export function componentJson(ctx: ApiContext, c: ComponentRecord): ComponentJson {
  const children = c.isGroup ? childrenOf(ctx, c.id) : [];
  const status = c.isGroup ? worstStatus(children.map(leafStatus)) : leafStatus(c);
  const updatedAt = Math.max(c.updatedAt, c.latestStatusAt ?? 0, ...children.map((k) => k.latestStatusAt ?? 0));
  return {
    id: c.id,
    name: c.name,
    status,
    created_at: iso(ctx, c.createdAt),
    updated_at: iso(ctx, updatedAt),
    position: c.position,
    description: c.description,
    showcase: c.showcase,
    start_date: c.startDate,
    group_id: c.groupId,
    page_id: ctx.pageId,
    group: c.isGroup,
    only_show_if_degraded: c.onlyShowIfDegraded,
    ...(c.isGroup ? { components: children.map((k) => k.id) } : {}),
  };
}

/** "Group - Child" for grouped components, as Statuspage names them in updates. */
function qualifiedName(ctx: ApiContext, componentId: string, fallback: string): string {
  const c = ctx.components.get(componentId);
  const group = c?.groupId ? ctx.components.get(c.groupId) : undefined;
  return group ? `${group.name} - ${c!.name}` : (c?.name ?? fallback);
}

export function updateJson(ctx: ApiContext, u: UpdateRecord): IncidentUpdateJson {
  return {
    id: u.id,
    status: u.status,
    body: u.body,
    incident_id: u.eventId,
    created_at: iso(ctx, u.createdAt),
    updated_at: iso(ctx, u.updatedAt),
    display_at: iso(ctx, u.displayAt),
    affected_components: u.changes.map((ch) => ({
      code: ch.componentId,
      name: qualifiedName(ctx, ch.componentId, ch.name),
      old_status: ch.oldStatus,
      new_status: ch.newStatus,
    })),
    deliver_notifications: u.notify,
    custom_tweet: null,
    tweet_id: null,
  };
}

/** An incident, or the incident part of a maintenance. `updates` oldest first, as read. */
export function incidentJson(
  ctx: ApiContext,
  e: EventRecord,
  updates: readonly UpdateRecord[],
  affected: readonly AffectedComponent[],
): IncidentJson {
  const firstMonitoring = updates.find((u) => u.status === 'monitoring');
  return {
    id: e.id,
    name: e.title,
    status: deriveEventStatus(e.kind, e.latestUpdateStatus, e.postmortemPublishedAt !== null),
    created_at: iso(ctx, e.createdAt),
    updated_at: iso(ctx, e.updatedAt),
    monitoring_at: firstMonitoring ? iso(ctx, firstMonitoring.displayAt) : null,
    resolved_at: e.closedAt !== null ? iso(ctx, e.closedAt) : null,
    impact: eventImpact(e.kind, updates.flatMap((u) => u.changes.map((c) => c.newStatus)), e.impactOverride),
    shortlink: `${ctx.baseUrl}/incidents/${e.id}`,
    started_at: iso(ctx, e.startedAt ?? e.createdAt),
    page_id: ctx.pageId,
    incident_updates: [...updates].reverse().map((u) => updateJson(ctx, u)),
    components: affected.flatMap((a) => {
      const c = ctx.components.get(a.id);
      return c ? [componentJson(ctx, c)] : [];
    }),
    reminder_intervals: null,
  };
}

export function maintenanceJson(
  ctx: ApiContext,
  e: EventRecord,
  updates: readonly UpdateRecord[],
  affected: readonly AffectedComponent[],
): MaintenanceJson {
  return {
    ...incidentJson(ctx, e, updates, affected),
    scheduled_for: iso(ctx, e.scheduledFor ?? e.createdAt),
    scheduled_until: iso(ctx, e.scheduledUntil ?? e.scheduledFor ?? e.createdAt),
  };
}
