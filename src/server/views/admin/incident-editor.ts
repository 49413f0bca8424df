import type { Db } from '../../../../db/client.js';
import { nextUpdateDue, type Cadence } from '../../../core/cadence.js';
import { COMPONENT_STATUSES, COMPONENT_STATUS_LABELS, type ComponentStatus } from '../../../core/component-status.js';
import { deriveEventStatus } from '../../../core/event-status.js';
import { formatDuration } from '../../../core/format.js';
import { IMPACTS, IMPACT_LABELS } from '../../../core/impact.js';
import { EVENT_STATUS_LABELS, INCIDENT_STATUSES, isIncidentStatus, type EventKind, type EventStatus, type IncidentStatus } from '../../../core/incident-status.js';
import { incidentTransition } from '../../../core/lifecycle.js';
import { SEVERITIES, SEVERITY_INFO, type Severity } from '../../../core/severity.js';
import { placeholderValuesOf, type Placeholder } from '../../../core/template.js';
import { listComponents } from '../../read/components.js';
import { findEvent, type EventRecord } from '../../read/events.js';
import { affectedComponentsOf } from '../../read/event-updates.js';
import { readPageSettings } from '../../settings.js';
import { findTemplateByKey, listTemplates, templateForStatus, type TemplateRecord } from '../../templates/store.js';
import { loadEventViews, type EventView } from '../event-view.js';
import { leafStatus } from '../current-status.js';
import { updateDue, type UpdateDue } from './update-due.js';

export interface Option {
  readonly value: string;
  readonly label: string;
}

export interface ComponentChoice {
  readonly id: string;
  readonly name: string;
  readonly groupName: string | null;
  readonly status: ComponentStatus;
  readonly statusLabel: string;
}

export interface EditorChoices {
  readonly components: readonly ComponentChoice[];
  readonly componentStatuses: readonly Option[];
  readonly templates: readonly Option[];
}

export const componentStatusOptions: readonly Option[] = COMPONENT_STATUSES.map((s) => ({ value: s, label: COMPONENT_STATUS_LABELS[s] }));

/** The leaf components (groups show their children's status), with their group and current status. */
export function componentChoices(db: Db): ComponentChoice[] {
  const all = listComponents(db);
  const groups = new Map(all.filter((c) => c.isGroup).map((g) => [g.id, g.name]));
  return all
    .filter((c) => !c.isGroup)
    .map((c) => ({
      id: c.id,
      name: c.name,
      groupName: c.groupId ? (groups.get(c.groupId) ?? null) : null,
      status: leafStatus(c),
      statusLabel: COMPONENT_STATUS_LABELS[leafStatus(c)],
    }));
}

/** What an update form offers: components, the statuses they may take, and the kind's templates (only those moving to `onlyStatuses`, if given). */
export function editorChoices(db: Db, kind: EventKind, now: number, onlyStatuses?: readonly EventStatus[]): EditorChoices {
  return {
    components: componentChoices(db),
    componentStatuses: componentStatusOptions,
    templates: listTemplates(db, kind, now)
      .filter((t) => !onlyStatuses || onlyStatuses.includes(t.status))
      .map((t) => ({ value: t.key, label: t.name })),
  };
}

/** Severities with their definition and the page's configured update cadence, as help for choosing one. */
export function severityOptions(cadence: Cadence): readonly (Option & { definition: string })[] {
  return SEVERITIES.map((s) => {
    const minutes = cadence[s];
    return {
      value: s,
      label: SEVERITY_INFO[s].label,
      definition: `${SEVERITY_INFO[s].definition} ${minutes === null ? 'No fixed update cadence.' : `Update every ${formatDuration(minutes * 60_000)}.`}`,
    };
  });
}
export const impactOptions: readonly Option[] = [{ value: '', label: 'Derived from component statuses' }, ...IMPACTS.filter((i) => i !== 'maintenance').map((i) => ({ value: i, label: IMPACT_LABELS[i] }))];

/**
 * Placeholder values for a message written now about an event that started at `startedAt`;
 * `window` is a maintenance's planned start and end.
 */
export function placeholderValues(
  db: Db,
  changedIds: readonly string[],
  affectedNames: readonly string[],
  severity: Severity | null,
  startedAt: number,
  now: number,
  window: { readonly from: number; readonly until: number } | null = null,
): Partial<Record<Placeholder, string>> {
  const { timeZone, cadence } = readPageSettings(db, now);
  const names = listComponents(db).filter((c) => changedIds.includes(c.id)).map((c) => c.name);
  return placeholderValuesOf({
    componentNames: names.length > 0 ? names : affectedNames,
    startedAt,
    nextUpdateAt: nextUpdateDue(severity, now, cadence),
    window,
    timeZone,
    now,
  });
}

export interface TemplatePrefill {
  readonly title: string;
  readonly message: string;
  readonly status: EventStatus;
}

const prefillOf = (t: TemplateRecord | null): TemplatePrefill | null => (t ? { title: t.title, message: t.body, status: t.status } : null);

/** A form's starting text from a stored template (by its key), placeholders left for the submit to fill. */
export function templatePrefill(db: Db, kind: EventKind, key: string | null, now: number): TemplatePrefill | null {
  return prefillOf(findTemplateByKey(db, kind, key, now));
}

/** A new event's starting text: the chosen template, else the first one moving to `usual` (the usual first words). */
export function newEventPrefill(db: Db, kind: EventKind, key: string | null, usual: EventStatus, now: number): TemplatePrefill | null {
  return templatePrefill(db, kind, key, now) ?? prefillOf(templateForStatus(db, kind, usual, now));
}

/** A fresh new-incident form, from a template (else blank), notifying by default. */
export function newIncidentFormValues(db: Db, templateKey: string | null, now: number): Record<string, string> {
  const prefill = newEventPrefill(db, 'incident', templateKey, 'investigating', now);
  return { title: prefill?.title ?? '', message: prefill?.message ?? '', status: prefill?.status ?? 'investigating', severity: 'SEV2', notify: 'on' };
}

export interface IncidentEditorView {
  readonly record: EventRecord;
  /** Ids of the components this incident affects. */
  readonly affectedIds: readonly string[];
  readonly event: EventView;
  readonly status: IncidentStatus;
  /** Statuses the next update may take, with the reason for those it may not. */
  readonly nextStatuses: readonly (Option & { allowed: boolean; reason: string | null })[];
  /** When the next update is due; null once the incident is closed. */
  readonly due: UpdateDue | null;
}

export function incidentEditorView(db: Db, id: string, now: number): IncidentEditorView | null {
  const record = findEvent(db, id);
  if (!record || record.kind !== 'incident') return null;
  const settings = readPageSettings(db, now);
  const tz = settings.timeZone;
  const [event] = loadEventViews(db, [record], tz, now, 'all');
  const current = deriveEventStatus('incident', record.latestUpdateStatus, record.postmortemPublishedAt !== null);
  const status = isIncidentStatus(current) ? current : 'investigating';
  return {
    record,
    affectedIds: (affectedComponentsOf(db, [record.id]).get(record.id) ?? []).map((c) => c.id),
    event: event!,
    status,
    nextStatuses: INCIDENT_STATUSES.filter((s) => s !== 'postmortem').map((s) => {
      const t = incidentTransition(status, s);
      return { value: s, label: EVENT_STATUS_LABELS[s], allowed: t.allowed, reason: t.allowed ? null : t.reason };
    }),
    due: event!.closed ? null : updateDue(record.severity, record.latestUpdateAt, settings.cadence, now),
  };
}


/**
 * The update form's starting values: a chosen template's status and text, else the next
 * sensible status. Resolving offers every affected component that is not operational back
 * to operational (the comms lead can still change each).
 */
export function updateFormDefaults(db: Db, view: IncidentEditorView, templateKey: string | null, now: number): Record<string, string> {
  const suggested = view.nextStatuses.find((s) => s.allowed && s.value !== view.status)?.value ?? view.status;
  // Without a chosen template, the next status's own template: the next update is ready to edit.
  const prefill = templatePrefill(db, 'incident', templateKey, now) ?? (templateKey === null ? prefillOf(templateForStatus(db, 'incident', suggested as EventStatus, now)) : null);
  const values: Record<string, string> = { status: prefill?.status ?? suggested, message: prefill?.message ?? '', notify: 'on' };
  if (values.status === 'resolved') {
    for (const c of componentChoices(db)) {
      if (view.affectedIds.includes(c.id) && c.status !== 'operational') values[`component:${c.id}`] = 'operational';
    }
  }
  return values;
}
