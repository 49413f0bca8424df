import type { Db } from '../../../db/client.js';
import { incidentsV1Json } from '../api-v1/incidents/incident-json.js';
import { findEvent } from '../read/events.js';
import type { PageSettings } from '../settings.js';
import { currentPageStatus } from '../views/current-status.js';

/**
 * What a webhook body holds that is the same for every subscriber: `page` and `incident` (or
 * `test`), serialised once. Only `meta.unsubscribe` is the subscriber's own.
 */
export interface SharedWebhookBody {
  /** Statuspage's `incident` with its `incident_updates`, newest first; null for the test call. */
  readonly incident: Record<string, unknown> | null;
  /** `"page":…,"incident":…` (or `"test":true`): the body after `meta`, as JSON. */
  readonly tailJson: string;
  readonly documentation: string;
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
 * One subscriber's body: `{"meta":…,"page":…,"incident":…}`, byte for byte what JSON.stringify
 * gives for the whole object with keys in that order.
 */
export function webhookBodyJson(shared: SharedWebhookBody, unsubscribeUrl: string | null): string {
  return `{"meta":${JSON.stringify({ unsubscribe: unsubscribeUrl, documentation: shared.documentation })},${shared.tailJson}}`;
}

function documentationUrl(baseUrl: string): string {
  return `${baseUrl}/integrations`;
}

function pageJson(db: Db, settings: PageSettings): string {
  const status = currentPageStatus(db);
  return `"page":${JSON.stringify({ id: settings.publicId, status_indicator: status.indicator, status_description: status.description })}`;
}
