import type { Db } from '../../db/client.js';
import type { ComponentStatus } from '../../src/core/component-status.js';
import { dateBounds, type DateBounds } from '../../src/core/date-bounds.js';
import type { EventStatus } from '../../src/core/incident-status.js';
import type { Severity } from '../../src/core/severity.js';
import { insertComponent } from '../../src/server/write/components.js';
import { appendUpdate, insertEvent } from '../../src/server/write/events.js';
import { updatePageSettings } from '../../src/server/write/settings.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The date bounds of a page in `timeZone` created at `now` (Jan 1 twenty years before to five years after). */
export function boundsAt(timeZone: string, now: number): DateBounds {
  return dateBounds(now, now, timeZone);
}

/** Sets the page's name and zone. */
export function page(db: Db, name: string, timeZone: string, now: number): void {
  updatePageSettings(db, { name, timeZone }, now);
}

export function group(db: Db, slug: string, name: string, at: number, position = 1): string {
  return insertComponent(
    db,
    { slug, name, description: null, isGroup: true, groupId: null, position, showcase: true, onlyShowIfDegraded: false, startDate: null },
    at,
  );
}

export function component(
  db: Db,
  slug: string,
  name: string,
  at: number,
  options: Partial<{ groupId: string; position: number; description: string; showcase: boolean; onlyShowIfDegraded: boolean; startDate: string; status: ComponentStatus }> = {},
): string {
  return insertComponent(
    db,
    {
      slug,
      name,
      description: options.description ?? null,
      isGroup: false,
      groupId: options.groupId ?? null,
      position: options.position ?? 1,
      showcase: options.showcase ?? true,
      onlyShowIfDegraded: options.onlyShowIfDegraded ?? false,
      startDate: options.startDate ?? null,
    },
    at,
    options.status ?? 'operational',
  );
}

export interface StepSpec {
  at: number;
  status: EventStatus;
  body: string;
  set?: Record<string, ComponentStatus>;
}

function appendSteps(db: Db, eventId: string, steps: readonly StepSpec[]): void {
  for (const s of steps) {
    appendUpdate(
      db,
      {
        eventId,
        status: s.status,
        body: s.body,
        displayAt: s.at,
        notify: true,
        authorId: null,
        changes: Object.entries(s.set ?? {}).map(([componentId, status]) => ({ componentId, status })),
      },
      s.at,
    );
  }
}

/** An incident with its whole timeline, written in one transaction as the product would. */
export function incident(
  db: Db,
  spec: { title: string; severity?: Severity; startedAt: number; componentIds?: string[]; steps: StepSpec[]; timeZone?: string },
): { id: string; reference: string } {
  return db.transaction((tx) => {
    const created = insertEvent(
      tx,
      {
        kind: 'incident',
        title: spec.title,
        severity: spec.severity ?? 'SEV2',
        impactOverride: null,
        startedAt: spec.startedAt,
        scheduledFor: null,
        scheduledUntil: null,
        componentIds: spec.componentIds ?? [],
      },
      spec.timeZone ?? 'UTC',
      spec.startedAt,
    );
    appendSteps(tx, created.id, spec.steps);
    return created;
  });
}

export function maintenance(
  db: Db,
  spec: { title: string; scheduledFor: number; scheduledUntil: number; componentIds: string[]; steps: StepSpec[]; timeZone?: string },
): { id: string; reference: string } {
  return db.transaction((tx) => {
    const created = insertEvent(
      tx,
      {
        kind: 'maintenance',
        title: spec.title,
        severity: null,
        impactOverride: null,
        startedAt: null,
        scheduledFor: spec.scheduledFor,
        scheduledUntil: spec.scheduledUntil,
        componentIds: spec.componentIds,
      },
      spec.timeZone ?? 'UTC',
      spec.steps[0]?.at ?? spec.scheduledFor,
    );
    appendSteps(tx, created.id, spec.steps);
    return created;
  });
}
