import type { Db } from '../../../../db/client.js';
import type { ComponentStatus } from '../../../core/component-status.js';
import { deriveImpact } from '../../../core/impact.js';
import { isIncidentStatus, isMaintenanceStatus, type EventKind, type EventStatus, type MaintenanceStatus } from '../../../core/incident-status.js';
import type { Severity } from '../../../core/severity.js';
import type { Actor } from '../../audit.js';
import { createIncident } from '../../use-cases/incidents.js';
import { postMaintenanceUpdate, scheduleMaintenance } from '../../use-cases/maintenance.js';
import { backfillIncident } from '../../use-cases/past-incidents.js';
import { findTemplate, templateForStatus, type TemplateRecord } from '../../templates/store.js';
import { placeholderValues } from '../../views/admin/incident-editor.js';
import { ApiError } from '../errors.js';
import type { PageContext } from '../route.js';
import type { CreateIncidentInput } from '../schemas/incident.js';
import { componentChangesOf, dayOrInstantOf, finalBody, finalTitle, instantOf } from './input.js';

export interface CreateContext {
  readonly db: Db;
  readonly page: PageContext;
  readonly actor: Actor;
  readonly now: number;
}

/** Statuspage has no severity: without one, the impact given (or derived from the component statuses) chooses it; nothing to go by means SEV2, the admin form's default. */
const SEVERITY_BY_IMPACT = { critical: 'SEV1', major: 'SEV2', minor: 'SEV3', none: 'SEV2', maintenance: 'SEV2' } as const satisfies Record<string, Severity>;

function templateOf(c: CreateContext, id: string | undefined): TemplateRecord | null {
  if (id === undefined) return null;
  const template = findTemplate(c.db, id, c.now);
  if (!template) throw new ApiError(422, `There is no incident template “${id}” (GET …/incident_templates lists them).`);
  return template;
}

/** A maintenance status, or a window without a status, makes a maintenance, as on Statuspage. */
function kindOf(input: CreateIncidentInput, template: TemplateRecord | null): EventKind {
  if (input.status !== undefined) return isMaintenanceStatus(input.status) ? 'maintenance' : 'incident';
  if (template) return template.kind;
  return input.scheduled_for !== undefined || input.scheduled_until !== undefined ? 'maintenance' : 'incident';
}

/** The text an update starts from: the body, else the template's, else the first template moving to that status. */
function rawBody(c: CreateContext, input: CreateIncidentInput, template: TemplateRecord | null, kind: EventKind, status: EventStatus): string {
  const body = input.body ?? template?.body ?? templateForStatus(c.db, kind, status, c.now)?.body;
  if (body === undefined) throw new ApiError(422, 'The field “incident.body” is missing: write a message for customers (no template moves to this status).');
  return body;
}

function createMaintenance(c: CreateContext, input: CreateIncidentInput, template: TemplateRecord | null, status: MaintenanceStatus): string {
  if (input.scheduled_for === undefined || input.scheduled_until === undefined) {
    throw new ApiError(422, 'A maintenance needs its window: give “incident.scheduled_for” and “incident.scheduled_until”.');
  }
  const from = instantOf(input.scheduled_for, 'incident.scheduled_for', c.page, c.now);
  const until = instantOf(input.scheduled_until, 'incident.scheduled_until', c.page, c.now);
  if (until <= from) throw new ApiError(422, 'The field “incident.scheduled_until” must be after “incident.scheduled_for”.');
  if (until <= c.now) throw new ApiError(422, 'This window has already ended; a maintenance is announced before or during the work (backfill past incidents instead).');
  const changes = componentChangesOf<ComponentStatus>(input.components);
  const componentIds = [...new Set([...(input.component_ids ?? []), ...Object.keys(input.components ?? {})])];
  const values = placeholderValues(c.db, componentIds, [], null, from, c.now, { from, until });
  const title = finalTitle(input.name ?? template?.title, values);
  const message = finalBody(rawBody(c, input, template, 'maintenance', status), values);
  const notify = input.deliver_notifications ?? true;
  const tz = c.page.settings.timeZone;
  const first = {
    title,
    scheduledFor: from,
    scheduledUntil: until,
    componentIds,
    message,
    // Created straight into a later stage: the announcement is quiet, the stage's update tells subscribers once.
    notify: status === 'scheduled' ? notify : false,
    autoStart: input.scheduled_auto_in_progress ?? true,
    autoComplete: input.scheduled_auto_completed ?? true,
  };
  const { id } = scheduleMaintenance(c.db, first, c.actor, tz, c.now);
  if (status !== 'scheduled') postMaintenanceUpdate(c.db, id, { status, message, notify, changes }, c.actor, c.now);
  return id;
}

function backfill(c: CreateContext, input: CreateIncidentInput, template: TemplateRecord | null, severity: Severity): string {
  const raw = input.created_at ?? input.backfill_date;
  if (raw === undefined) throw new ApiError(422, 'A backfilled incident needs the time it happened: give “incident.backfill_date” (or “incident.created_at”).');
  const at = input.created_at !== undefined ? instantOf(raw, 'incident.created_at', c.page, c.now) : dayOrInstantOf(raw, 'incident.backfill_date', c.page, c.now);
  if (input.status !== undefined && input.status !== 'resolved') throw new ApiError(422, 'A backfilled incident is recorded as resolved; leave “incident.status” out or make it “resolved”.');
  if (componentChangesOf(input.components).length > 0) {
    throw new ApiError(422, 'A backfilled incident cannot set component statuses through the API (it has one update); record the outage in the admin area’s past-incident form.');
  }
  const values = placeholderValues(c.db, [], [], severity, at, at);
  const title = finalTitle(input.name ?? template?.title, values);
  const message = finalBody(rawBody(c, input, template, 'incident', 'resolved'), values);
  const fields = { title, severity, startedAt: at, changes: [], updates: [{ row: 1, status: 'resolved' as const, at, message }] };
  return backfillIncident(c.db, fields, c.actor, c.page.settings.timeZone, c.now).id;
}

/**
 * Opens what a Statuspage POST …/incidents asks for, through the admin forms' use-cases: an
 * incident, a maintenance, or a backfilled (past, resolved) incident. Returns the new event's id.
 */
export function createFromApi(c: CreateContext, input: CreateIncidentInput): string {
  const template = templateOf(c, input.template_id);
  const kind = kindOf(input, template);
  if (template && template.kind !== kind) throw new ApiError(422, `Template “${template.name}” is for ${template.kind}, not ${kind}.`);
  const status = input.status ?? template?.status ?? (kind === 'incident' ? 'investigating' : 'scheduled');
  if (kind === 'maintenance') {
    if (input.backfilled) throw new ApiError(422, 'Only incidents can be backfilled, not maintenance.');
    if (!isMaintenanceStatus(status)) throw new ApiError(422, `“${status}” is not a maintenance status.`);
    return createMaintenance(c, input, template, status);
  }
  const changes = componentChangesOf<ComponentStatus>(input.components);
  if (input.impact_override === 'maintenance') throw new ApiError(422, 'The “maintenance” impact belongs to maintenance; give a maintenance status with its window, or choose none, minor, major or critical.');
  const impactOverride = input.impact_override ?? null;
  const severity = input.severity ?? SEVERITY_BY_IMPACT[deriveImpact(changes.map((ch) => ch.status), impactOverride)];
  if (input.backfilled) return backfill(c, input, template, severity);
  if (!isIncidentStatus(status) || status === 'postmortem') throw new ApiError(422, `“${status}” is not a status an incident can be opened with.`);
  const named = [...changes.map((ch) => ch.componentId), ...(input.component_ids ?? [])];
  const values = placeholderValues(c.db, named, [], severity, c.now, c.now);
  const title = finalTitle(input.name ?? template?.title, values);
  const message = finalBody(rawBody(c, input, template, 'incident', status), values);
  const fields = { title, severity, impactOverride, status, message, notify: input.deliver_notifications ?? true, changes, alsoAffects: input.component_ids ?? [] };
  return createIncident(c.db, fields, c.actor, c.page.settings.timeZone, c.now).id;
}
