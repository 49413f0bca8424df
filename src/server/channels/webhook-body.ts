import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { componentStatusChanges } from '../../../db/schema.js';
import type { ComponentStatus } from '../../core/component-status.js';
import { formatIsoInZone } from '../../core/format.js';
import { incidentsV1Json } from '../api-v1/incidents/incident-json.js';
import { findComponentById } from '../read/components.js';
import { findEvent } from '../read/events.js';
import type { PageSettings } from '../settings.js';
import { currentPageStatus } from '../views/current-status.js';

/**
 * What a webhook body holds that is the same for every subscriber: `page` and `incident` (or
 * `component_update` and `component`, or `test`), serialised once. Only `meta` is the subscriber's own.
 */
export interface WebhookTail {
  /** `"page":…,"incident":…` (or `"test":true`): the body after `meta`, as JSON. */
  readonly tailJson: string;
  readonly documentation: string;
}

export interface SharedWebhookBody extends WebhookTail {
  /** Statuspage's `incident` with its `incident_updates`, newest first; null for the test call. */
  readonly incident: Record<string, unknown> | null;
}

/** A component status change's shared body, with the few facts a chat message is made of. */
export interface SharedComponentBody extends WebhookTail {
  readonly componentName: string;
  readonly from: ComponentStatus;
  readonly to: ComponentStatus;
}

/**
 * The shared part of Statuspage's webhook body for an incident (or maintenance) update, so
 * receivers built for Statuspage work unchanged. Null when the event is gone.
 */
export function sharedIncidentWebhookBody(db: Db, settings: PageSettings, baseUrl: string, eventId: string): SharedWebhookBody | null {
  const record = findEvent(db, eventId);
  if (!record) return null;
  const [incident] = incidentsV1Json(db, { settings, baseUrl, mailFrom: '' }, [record]);
  return { incident: incident as Record<string, unknown>, tailJson: `${pageJson(db, settings)},"incident":${JSON.stringify(incident)}`, documentation: documentationUrl(baseUrl) };
}

/** The test call a new endpoint gets: the envelope alone, so a receiver can check the signature and the route. */
export function sharedTestWebhookBody(db: Db, settings: PageSettings, baseUrl: string): SharedWebhookBody {
  return { incident: null, tailJson: `${pageJson(db, settings)},"test":true`, documentation: documentationUrl(baseUrl) };
}

/**
 * The shared part of Statuspage's component update webhook for the status change `changeId`, which
 * replaced `from`: `component_update` says what changed and when; `component` is the component as
 * it is now, as `page` is. Null when the change is gone (its incident was deleted).
 */
export function sharedComponentWebhookBody(db: Db, settings: PageSettings, baseUrl: string, changeId: number, from: ComponentStatus): SharedComponentBody | null {
  const change = db
    .select({ id: componentStatusChanges.id, componentId: componentStatusChanges.componentId, status: componentStatusChanges.status, at: componentStatusChanges.at })
    .from(componentStatusChanges)
    .where(eq(componentStatusChanges.id, changeId))
    .get();
  const component = change && findComponentById(db, change.componentId);
  if (!change || !component) return null;
  const iso = (ms: number): string => formatIsoInZone(ms, settings.timeZone);
  const body = {
    component_update: { created_at: iso(change.at), new_status: change.status, old_status: from, id: String(change.id), component_id: component.id },
    component: { created_at: iso(component.createdAt), id: component.id, name: component.name, status: component.latestStatus ?? change.status },
  };
  const json = JSON.stringify(body);
  // `{"component_update":…,"component":…}` without its braces follows `page`.
  return { tailJson: `${pageJson(db, settings)},${json.slice(1, -1)}`, documentation: documentationUrl(baseUrl), componentName: component.name, from, to: change.status };
}

/**
 * One subscriber's body: `{"meta":…,"page":…,"incident":…}`, byte for byte what JSON.stringify
 * gives for the whole object with keys in that order. `generatedAt` is when this attempt was made,
 * as Statuspage's `meta.generated_at`.
 */
export function webhookBodyJson(shared: WebhookTail, unsubscribeUrl: string | null, generatedAt: string): string {
  return `{"meta":${JSON.stringify({ unsubscribe: unsubscribeUrl, documentation: shared.documentation, generated_at: generatedAt })},${shared.tailJson}}`;
}

function documentationUrl(baseUrl: string): string {
  return `${baseUrl}/integrations`;
}

function pageJson(db: Db, settings: PageSettings): string {
  const status = currentPageStatus(db);
  return `"page":${JSON.stringify({ id: settings.publicId, status_indicator: status.indicator, status_description: status.description })}`;
}
