import type { Db } from '../../../../db/client.js';
import { deriveEventStatus } from '../../../core/event-status.js';
import { EVENT_STATUS_LABELS, isMaintenanceStatus, MAINTENANCE_STATUSES, type MaintenanceStatus } from '../../../core/incident-status.js';
import { maintenanceTransition } from '../../../core/lifecycle.js';
import { findEvent, type EventRecord } from '../../read/events.js';
import { affectedComponentsOf } from '../../read/event-updates.js';
import { maintenanceState, restorePlan } from '../../read/maintenance.js';
import { readPageSettings } from '../../settings.js';
import { loadEventViews, type EventView } from '../event-view.js';
import { componentChoices, editorChoices, newEventPrefill, templatePrefill, type EditorChoices, type Option } from './incident-editor.js';

/** A new maintenance is announced as scheduled: only templates for that stage fit its form. */
export function newMaintenanceChoices(db: Db, now: number): EditorChoices {
  return editorChoices(db, 'maintenance', now, ['scheduled']);
}

/**
 * A fresh new-maintenance form: the chosen template, else the first "scheduled" one. The window
 * is left for the person to set; subscribers are told, and the scheduler starts and ends it on
 * time, unless they untick those.
 */
export function newMaintenanceFormValues(db: Db, templateKey: string | null, now: number): Record<string, string> {
  const prefill = newEventPrefill(db, 'maintenance', templateKey, 'scheduled', now);
  return {
    title: prefill?.title ?? '',
    message: prefill?.message ?? '',
    starts_at: '',
    ends_at: '',
    notify: 'on',
    auto_start: 'on',
    auto_complete: 'on',
  };
}

export interface MaintenanceEditorView {
  readonly record: EventRecord;
  readonly affectedIds: readonly string[];
  readonly event: EventView;
  readonly status: MaintenanceStatus;
  readonly autoStart: boolean;
  readonly autoComplete: boolean;
  /** Statuses the next update may take, with the reason for those it may not. */
  readonly nextStatuses: readonly (Option & { allowed: boolean; reason: string | null })[];
}

export function maintenanceEditorView(db: Db, id: string, now: number): MaintenanceEditorView | null {
  const record = findEvent(db, id);
  if (!record || record.kind !== 'maintenance') return null;
  const state = maintenanceState(db, record.id);
  const tz = readPageSettings(db, now).timeZone;
  const [event] = loadEventViews(db, [record], tz, now, 'all');
  const current = deriveEventStatus('maintenance', record.latestUpdateStatus, false);
  const status = isMaintenanceStatus(current) ? current : 'scheduled';
  return {
    record,
    affectedIds: (affectedComponentsOf(db, [record.id]).get(record.id) ?? []).map((c) => c.id),
    event: event!,
    status,
    autoStart: state?.autoStart ?? false,
    autoComplete: state?.autoComplete ?? false,
    nextStatuses: MAINTENANCE_STATUSES.map((s) => {
      const t = maintenanceTransition(status, s);
      return { value: s, label: EVENT_STATUS_LABELS[s], allowed: t.allowed, reason: t.allowed ? null : t.reason };
    }),
  };
}

/**
 * The update form's starting values: a chosen template's status and text, else the next stage.
 * Starting offers the affected components as under maintenance; completing offers each back at
 * the status it had before (unless someone has changed it since). The comms lead can change each.
 */
export function maintenanceUpdateDefaults(db: Db, view: MaintenanceEditorView, templateKey: string | null, now: number): Record<string, string> {
  const prefill = templatePrefill(db, 'maintenance', templateKey, now);
  const suggested = view.nextStatuses.find((s) => s.allowed && s.value !== view.status)?.value ?? view.status;
  const values: Record<string, string> = { status: prefill?.status ?? suggested, message: prefill?.message ?? '', notify: 'on' };
  if (values.status === 'in_progress' || values.status === 'verifying') {
    for (const c of componentChoices(db)) {
      if (view.affectedIds.includes(c.id) && c.status !== 'under_maintenance') values[`component:${c.id}`] = 'under_maintenance';
    }
  }
  if (values.status === 'completed') {
    for (const change of restorePlan(db, view.record.id)) values[`component:${change.componentId}`] = change.status;
  }
  return values;
}
