import type { Db } from '../../../../db/client.js';
import { incidentJson, iso, updateJson, type ApiContext } from '../../api/mappers.js';
import { listComponents, type ComponentRecord } from '../../read/components.js';
import { eventExtrasOf } from '../../read/event-extras.js';
import { findEvent, type EventRecord } from '../../read/events.js';
import { affectedComponentsOf, updatesForEvents, type UpdateRecord } from '../../read/event-updates.js';
import { ApiError } from '../errors.js';
import type { PageContext } from '../route.js';
import type { IncidentUpdateV1Json, IncidentV1Json } from '../schemas/incident.js';

/** The v2 mapping context for this page: v1 shapes extend v2's. */
export function mappingContext(db: Db, page: PageContext): ApiContext {
  return {
    pageId: page.settings.publicId,
    timeZone: page.settings.timeZone,
    baseUrl: page.baseUrl,
    components: new Map(listComponents(db).map((c): [string, ComponentRecord] => [c.id, c])),
  };
}

export function incidentUpdateV1Json(ctx: ApiContext, u: UpdateRecord): IncidentUpdateV1Json {
  return { ...updateJson(ctx, u), twitter_updated_at: null, wants_twitter_update: false };
}

/** Statuspage's v1 Incident for each record, in the same order: four queries in all, whatever their number. */
export function incidentsV1Json(db: Db, page: PageContext, records: readonly EventRecord[]): IncidentV1Json[] {
  const ctx = mappingContext(db, page);
  const ids = records.map((r) => r.id);
  const updates = updatesForEvents(db, ids);
  const affected = affectedComponentsOf(db, ids);
  const extras = eventExtrasOf(db, ids);
  const at = (ms: number | null): string | null => (ms === null ? null : iso(ctx, ms));
  return records.map((e) => {
    const own = updates.get(e.id) ?? [];
    const v2 = incidentJson(ctx, e, own, affected.get(e.id) ?? []);
    const x = extras.get(e.id) ?? { autoStart: false, autoComplete: false, postmortemMailed: false };
    const maintenance = e.kind === 'maintenance';
    return {
      ...v2,
      incident_updates: [...own].reverse().map((u) => incidentUpdateV1Json(ctx, u)),
      components: v2.components.map((c) => ({ ...c, automation_email: null })),
      impact_override: e.impactOverride,
      metadata: {},
      postmortem_body: e.postmortemPublishedAt === null ? null : e.postmortemBody,
      postmortem_body_last_updated_at: at(e.postmortemPublishedAt),
      postmortem_ignored: false,
      postmortem_notified_subscribers: x.postmortemMailed,
      postmortem_notified_twitter: false,
      postmortem_published_at: at(e.postmortemPublishedAt),
      scheduled_auto_completed: maintenance && x.autoComplete,
      scheduled_auto_in_progress: maintenance && x.autoStart,
      scheduled_for: at(e.scheduledFor),
      scheduled_until: at(e.scheduledUntil),
      // Beacon's automatic steps notify as the maintenance's first update did, and always move the components.
      auto_transition_deliver_notifications_at_end: maintenance && x.autoComplete && (own[0]?.notify ?? false),
      auto_transition_deliver_notifications_at_start: maintenance && x.autoStart && (own[0]?.notify ?? false),
      auto_transition_to_maintenance_state: maintenance && x.autoStart,
      auto_transition_to_operational_state: maintenance && x.autoComplete,
      scheduled_remind_prior: false,
      scheduled_reminded_at: null,
      reminder_intervals: null,
      severity: e.severity,
      reference: e.reference,
    };
  });
}

/** The incident (or maintenance) named in the path, by id or reference; 404 when there is none. */
export function eventOr404(db: Db, id: string): EventRecord {
  const record = findEvent(db, id);
  if (!record) throw new ApiError(404, `There is no incident “${id}” on this page (it may have been deleted).`);
  return record;
}

export function incidentV1Json(db: Db, page: PageContext, id: string): IncidentV1Json {
  return incidentsV1Json(db, page, [eventOr404(db, id)])[0]!;
}
