import type { Db } from '../../../db/client.js';
import { fillTemplate } from '../../core/template.js';
import type { SessionUser } from '../auth/session.js';
import { readForm } from '../http/form.js';
import { findEvent } from '../read/events.js';
import { affectedComponentsOf } from '../read/event-updates.js';
import { pageDateBounds, readPageSettings } from '../settings.js';
import { postMaintenanceUpdate, scheduleMaintenance } from '../use-cases/maintenance.js';
import { componentChoices, placeholderValues } from '../views/admin/incident-editor.js';
import { RejectedError } from '../write/events.js';
import { TITLE_MAX } from './incident-form.js';
import { actorOf, finalMessage, previewed, unreadable, UNFILLED, type SubmitOutcome } from './incident-submit.js';
import { messagePreview } from './message-preview.js';
import { parseMaintenanceUpdateForm, parseNewMaintenanceForm } from './maintenance-form.js';

export async function submitNewMaintenance(db: Db, request: Request, user: SessionUser, now: number): Promise<SubmitOutcome> {
  const form = await readForm(request);
  if (!form) return unreadable;
  if (form.intent === 'preview') return previewed(form, messagePreview(db, form, { kind: 'maintenance', eventId: null }, now));
  const settings = readPageSettings(db, now);
  const tz = settings.timeZone;
  const parsed = parseNewMaintenanceForm(form, componentChoices(db).map((c) => c.id), pageDateBounds(settings, now), now);
  if (!parsed.ok) return { kind: 'form', status: 400, values: form, errors: parsed.errors, previewHtml: null };
  const window = { from: parsed.value.scheduledFor, until: parsed.value.scheduledUntil };
  const values = placeholderValues(db, parsed.value.componentIds, [], null, window.from, now, window);
  const title = fillTemplate(parsed.value.title, values);
  const message = finalMessage(parsed.value.message, values);
  const errors: Record<string, string> = {};
  if (message.error) errors.message = message.error;
  if (UNFILLED.test(title)) errors.title = 'Choose the affected components, or write the title in your own words.';
  else if (title.length > TITLE_MAX) errors.title = `With the component names filled in, the title is over ${TITLE_MAX} characters; shorten it.`;
  if (Object.keys(errors).length > 0) return { kind: 'form', status: 400, values: form, errors, previewHtml: null };
  try {
    const { id } = scheduleMaintenance(db, { ...parsed.value, title, message: message.text }, actorOf(user), tz, now);
    return { kind: 'done', id };
  } catch (e) {
    if (e instanceof RejectedError) return { kind: 'form', status: 409, values: form, errors: { form: e.message }, previewHtml: null };
    throw e;
  }
}

export async function submitMaintenanceUpdate(db: Db, eventId: string, request: Request, user: SessionUser, now: number): Promise<SubmitOutcome> {
  const form = await readForm(request);
  if (!form) return unreadable;
  const event = findEvent(db, eventId);
  if (!event || event.kind !== 'maintenance' || event.scheduledFor === null || event.scheduledUntil === null) {
    return { kind: 'form', status: 409, values: form, errors: { form: 'This maintenance no longer exists.' }, previewHtml: null };
  }
  if (form.intent === 'preview') return previewed(form, messagePreview(db, form, { kind: 'maintenance', eventId: event.id }, now));
  const parsed = parseMaintenanceUpdateForm(form, componentChoices(db).map((c) => c.id));
  if (!parsed.ok) return { kind: 'form', status: 400, values: form, errors: parsed.errors, previewHtml: null };
  const affected = (affectedComponentsOf(db, [event.id]).get(event.id) ?? []).map((c) => c.name);
  const window = { from: event.scheduledFor, until: event.scheduledUntil };
  const values = placeholderValues(db, parsed.value.changes.map((c) => c.componentId), affected, null, event.startedAt ?? window.from, now, window);
  const message = finalMessage(parsed.value.message, values);
  if (message.error) return { kind: 'form', status: 400, values: form, errors: { message: message.error }, previewHtml: null };
  try {
    postMaintenanceUpdate(db, event.id, { ...parsed.value, message: message.text }, actorOf(user), now);
    return { kind: 'done', id: event.id };
  } catch (e) {
    // A refused transition explains itself, next to the status field.
    if (e instanceof RejectedError) return { kind: 'form', status: 409, values: form, errors: { status: e.message }, previewHtml: null };
    throw e;
  }
}
