import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { eventComponents, events } from '../../../db/schema.js';
import type { Impact } from '../../core/impact.js';
import type { Severity } from '../../core/severity.js';
import { assertLeafComponents, linkComponents, RejectedError } from './events.js';

/** What may be changed about an event apart from its timeline; absent fields stay as they are. */
export interface EventDetails {
  readonly title?: string;
  /** null returns to the impact derived from component statuses. */
  readonly impactOverride?: Impact | null;
  readonly severity?: Severity;
  /** Components to add to the affected ones (none is ever removed: updates already named them). */
  readonly linkComponentIds?: readonly string[];
}

export type DetailsDiff = Partial<Record<'title' | 'impactOverride' | 'severity', { from: unknown; to: unknown }>> & { linked?: string[] };

/**
 * Changes an event's title, impact override or severity and links more affected components.
 * Severity and impact belong to incidents only. Returns what changed (empty: nothing written).
 * Call inside a transaction.
 */
export function reviseEventDetails(db: Db, eventId: string, details: EventDetails, now: number): DetailsDiff {
  const before = db.select({ kind: events.kind, title: events.title, impactOverride: events.impactOverride, severity: events.severity }).from(events).where(eq(events.id, eventId)).get();
  if (!before) throw new RejectedError('That incident does not exist (it may have been deleted).');
  if (before.kind === 'maintenance' && (details.severity !== undefined || (details.impactOverride ?? null) !== null)) {
    throw new RejectedError('Maintenance has no severity and its impact is always “maintenance”; set those on incidents only.');
  }
  if (details.impactOverride === 'maintenance') throw new RejectedError('The “maintenance” impact belongs to maintenance; choose none, minor, major or critical.');
  const diff: DetailsDiff = {};
  const set: { title?: string; impactOverride?: Impact | null; severity?: Severity } = {};
  if (details.title !== undefined && details.title !== before.title) diff.title = { from: before.title, to: (set.title = details.title) };
  if (details.impactOverride !== undefined && details.impactOverride !== before.impactOverride) {
    diff.impactOverride = { from: before.impactOverride, to: (set.impactOverride = details.impactOverride) };
  }
  if (details.severity !== undefined && before.kind === 'incident' && details.severity !== before.severity) {
    diff.severity = { from: before.severity, to: (set.severity = details.severity) };
  }
  const linked = new Set(db.select({ id: eventComponents.componentId }).from(eventComponents).where(eq(eventComponents.eventId, eventId)).all().map((r) => r.id));
  const link = [...new Set(details.linkComponentIds ?? [])].filter((id) => !linked.has(id));
  if (link.length > 0) {
    assertLeafComponents(db, link);
    linkComponents(db, eventId, link);
    diff.linked = link;
  }
  if (Object.keys(diff).length > 0) db.update(events).set({ ...set, updatedAt: now }).where(eq(events.id, eventId)).run();
  return diff;
}
