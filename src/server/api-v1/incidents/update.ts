import type { ComponentStatus } from '../../../core/component-status.js';
import { deriveEventStatus } from '../../../core/event-status.js';
import { isIncidentStatus, isMaintenanceStatus, type EventStatus } from '../../../core/incident-status.js';
import type { EventRecord } from '../../read/events.js';
import { affectedComponentsOf } from '../../read/event-updates.js';
import { templateForStatus } from '../../templates/store.js';
import { setComponentStatus } from '../../use-cases/components.js';
import { editIncidentDetails, postIncidentUpdate } from '../../use-cases/incidents.js';
import { postMaintenanceUpdate } from '../../use-cases/maintenance.js';
import { componentChoices, placeholderValues } from '../../views/admin/incident-editor.js';
import { ApiError } from '../errors.js';
import type { UpdateIncidentInput } from '../schemas/incident.js';
import type { CreateContext } from './create.js';
import { componentChangesOf, finalBody, finalTitle, instantOf } from './input.js';

/** Beacon keeps a maintenance's window and a backfill's times as first written: a PATCH may repeat them, not change them. */
function assertUnchangedPlan(c: CreateContext, record: EventRecord, input: UpdateIncidentInput): void {
  if (record.kind === 'incident' && (input.scheduled_for !== undefined || input.scheduled_until !== undefined)) {
    throw new ApiError(422, 'An incident has no maintenance window; create a maintenance (a maintenance status with scheduled_for and scheduled_until) instead.');
  }
  const same = (value: string | undefined, field: string, stored: number | null): boolean =>
    value === undefined || (stored !== null && instantOf(value, field, c.page, c.now) === stored);
  if (!same(input.scheduled_for, 'incident.scheduled_for', record.scheduledFor) || !same(input.scheduled_until, 'incident.scheduled_until', record.scheduledUntil)) {
    throw new ApiError(422, 'A maintenance window cannot be moved through the API; complete this maintenance and schedule a new one.');
  }
  if (input.backfilled === true) throw new ApiError(422, 'An existing incident cannot be turned into a backfilled one; create it with “backfilled”: true instead.');
}

/** Posts the next update through the admin form's use-case, with its placeholders filled as the form fills them. */
function postUpdate(c: CreateContext, record: EventRecord, input: UpdateIncidentInput): void {
  const current = deriveEventStatus(record.kind, record.latestUpdateStatus, record.postmortemPublishedAt !== null);
  const status: EventStatus = input.status ?? current;
  const changes = componentChangesOf<ComponentStatus>(input.components);
  const affected = (affectedComponentsOf(c.db, [record.id]).get(record.id) ?? []).map((a) => a.name);
  const raw = input.body ?? templateForStatus(c.db, record.kind, status, c.now)?.body;
  if (raw === undefined) throw new ApiError(422, 'The field “incident.body” is missing: write a message for customers (no template moves to this status).');
  const notify = input.deliver_notifications ?? true;
  const changedIds = changes.map((ch) => ch.componentId);
  if (record.kind === 'maintenance') {
    if (!isMaintenanceStatus(status)) throw new ApiError(422, `“${status}” is not a maintenance status; use scheduled, in_progress, verifying or completed.`);
    const window = { from: record.scheduledFor!, until: record.scheduledUntil! };
    const message = finalBody(raw, placeholderValues(c.db, changedIds, affected, null, record.startedAt ?? window.from, c.now, window));
    postMaintenanceUpdate(c.db, record.id, { status, message, notify, changes }, c.actor, c.now);
    return;
  }
  if (!isIncidentStatus(status)) throw new ApiError(422, `“${status}” is not an incident status; use investigating, identified, monitoring or resolved.`);
  const message = finalBody(raw, placeholderValues(c.db, changedIds, affected, record.severity, record.startedAt ?? c.now, c.now));
  postIncidentUpdate(c.db, record.id, { status, message, notify, changes }, c.actor, c.now);
}

/** Components set without an update: each through the component status use-case (as the admin form does), and linked to the incident. */
function setComponents(c: CreateContext, record: EventRecord, input: UpdateIncidentInput): string[] {
  const changes = componentChangesOf<ComponentStatus>(input.components);
  const current = new Map(componentChoices(c.db).map((ch) => [ch.id, ch.status]));
  for (const ch of changes) {
    if (!current.has(ch.componentId)) throw new ApiError(422, `There is no component “${ch.componentId}” on this page that can carry a status (groups show their children’s).`);
    if (current.get(ch.componentId) !== ch.status) setComponentStatus(c.db, ch.componentId, ch.status, c.actor, c.now);
  }
  return changes.map((ch) => ch.componentId);
}

/**
 * Statuspage's PATCH/PUT …/incidents/{id}: a status or body posts the next update (lifecycle
 * rules, placeholders, notification as the admin form); name, impact_override, severity and
 * component_ids edit the incident; components without an update set those components' status.
 */
export function updateFromApi(c: CreateContext, record: EventRecord, input: UpdateIncidentInput): void {
  assertUnchangedPlan(c, record, input);
  const posting = input.status !== undefined || input.body !== undefined;
  const setByHand = posting ? [] : setComponents(c, record, input);
  const title = input.name === undefined ? undefined : finalTitle(input.name, {});
  editIncidentDetails(
    c.db,
    record.id,
    {
      title,
      impactOverride: input.impact_override,
      severity: input.severity,
      linkComponentIds: [...new Set([...(input.component_ids ?? []), ...setByHand])],
    },
    c.actor,
    c.now,
  );
  if (posting) postUpdate(c, record, input);
}
