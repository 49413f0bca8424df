import type { Db } from '../../../db/client.js';
import { findEvent } from '../read/events.js';
import { readPageSettings } from '../settings.js';
import { layoutView, type ViewResult } from './common.js';
import { loadEventViews, type EventView } from './event-view.js';

export interface IncidentPageView {
  readonly event: EventView;
  /** Set when the event was asked for by reference: the page answers with a redirect to its id. */
  readonly canonicalHref: string | null;
}

export function incidentPageView(db: Db, idOrReference: string, now: number): ViewResult<IncidentPageView> {
  const settings = readPageSettings(db, now);
  const layout = layoutView(settings);
  const record = findEvent(db, idOrReference);
  if (!record) return { kind: 'not_found', layout, message: `There is no incident or maintenance “${idOrReference}”.` };
  const [event] = loadEventViews(db, [record], settings.timeZone, now, 'all');
  return {
    kind: 'ok',
    layout,
    view: { event: event!, canonicalHref: record.id === idOrReference ? null : event!.href },
  };
}
