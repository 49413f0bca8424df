import type { Db } from '../../../db/client.js';
import { nextUpdateDue } from '../../core/cadence.js';
import type { ComponentStatus } from '../../core/component-status.js';
import type { IncidentStatus } from '../../core/incident-status.js';
import type { Severity } from '../../core/severity.js';
import { fillTemplate, placeholderValuesOf } from '../../core/template.js';
import { listComponents } from '../read/components.js';
import { readPageSettings } from '../settings.js';
import { findTemplate, templateForStatus } from '../templates/store.js';

export interface Change {
  readonly componentId: string;
  readonly status: ComponentStatus;
}

/**
 * The title and message a proposal offers, from a template filled exactly as the incident form
 * fills it: the components by name, the start, the next update due by the severity's cadence.
 */
export function draftFromTemplate(
  db: Db,
  input: { templateId: string | null; status: IncidentStatus; severity: Severity; changes: readonly Change[]; startedAt: number; fallbackTitle: string },
  now: number,
): { title: string; body: string } {
  const settings = readPageSettings(db, now);
  const chosen = input.templateId ? findTemplate(db, input.templateId, now) : null;
  const template = chosen ?? templateForStatus(db, 'incident', input.status, now);
  const names = new Map(listComponents(db).map((c) => [c.id, c.name]));
  const values = placeholderValuesOf({
    componentNames: input.changes.map((c) => names.get(c.componentId) ?? c.componentId),
    startedAt: input.startedAt,
    nextUpdateAt: nextUpdateDue(input.severity, now, settings.cadence),
    window: null,
    timeZone: settings.timeZone,
    now,
  });
  const title = template ? fillTemplate(template.title, values) : input.fallbackTitle;
  const body = template ? fillTemplate(template.body, values) : input.fallbackTitle;
  return { title: title.trim() === '' ? input.fallbackTitle : title, body };
}

/** Merges changes: a component named twice keeps the worse status. */
export function mergeChanges(a: readonly Change[], b: readonly Change[], worse: (x: ComponentStatus, y: ComponentStatus) => ComponentStatus): Change[] {
  const out = new Map(a.map((c) => [c.componentId, c.status]));
  for (const c of b) out.set(c.componentId, out.has(c.componentId) ? worse(out.get(c.componentId)!, c.status) : c.status);
  return [...out].map(([componentId, status]) => ({ componentId, status }));
}
