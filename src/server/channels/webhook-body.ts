import type { Db } from '../../../db/client.js';
import { incidentsV1Json } from '../api-v1/incidents/incident-json.js';
import { findEvent } from '../read/events.js';
import type { PageSettings } from '../settings.js';
import { currentPageStatus } from '../views/current-status.js';

/**
 * Statuspage's webhook body for an incident (or maintenance) update: `meta`, `page` and `incident`
 * with its `incident_updates`, newest first, so receivers built for Statuspage work unchanged.
 * Null when the event is gone.
 */
export function incidentWebhookBody(db: Db, settings: PageSettings, baseUrl: string, eventId: string, unsubscribeUrl: string | null): Record<string, unknown> | null {
  const record = findEvent(db, eventId);
  if (!record) return null;
  const [incident] = incidentsV1Json(db, { settings, baseUrl, mailFrom: '' }, [record]);
  return { ...envelope(db, settings, baseUrl, unsubscribeUrl), incident };
}

/** The test call a new endpoint gets: the envelope alone, so a receiver can check the signature and the route. */
export function testWebhookBody(db: Db, settings: PageSettings, baseUrl: string, unsubscribeUrl: string | null): Record<string, unknown> {
  return { ...envelope(db, settings, baseUrl, unsubscribeUrl), test: true };
}

function envelope(db: Db, settings: PageSettings, baseUrl: string, unsubscribeUrl: string | null): Record<string, unknown> {
  const status = currentPageStatus(db);
  return {
    meta: { unsubscribe: unsubscribeUrl, documentation: `${baseUrl}/integrations` },
    page: { id: settings.publicId, status_indicator: status.indicator, status_description: status.description },
  };
}
