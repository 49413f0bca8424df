import type { Db } from '../../../db/client.js';
import { fillTemplate } from '../../core/template.js';
import type { Actor } from '../audit.js';
import type { SessionUser } from '../auth/session.js';
import { readForm } from '../http/form.js';
import { findEvent } from '../read/events.js';
import { affectedComponentsOf } from '../read/event-updates.js';
import { readPageSettings } from '../settings.js';
import { createIncident, postIncidentUpdate } from '../use-cases/incidents.js';
import { componentChoices, placeholderValues } from '../views/admin/incident-editor.js';
import { RejectedError } from '../write/events.js';
import { parseNewIncidentForm, parseUpdateForm, TITLE_MAX } from './incident-form.js';
import { messagePreview } from './message-preview.js';

export type SubmitOutcome =
  | { readonly kind: 'done'; readonly id: string }
  | {
      readonly kind: 'form';
      readonly status: 200 | 400 | 409;
      /** What the person typed, to show again. */
      readonly values: Readonly<Record<string, string>>;
      readonly errors: Readonly<Record<string, string>>;
      /** The message as customers would see it (placeholders filled), for "Preview". */
      readonly previewHtml: string | null;
    };

export function actorOf(user: SessionUser): Actor {
  return { id: user.id, label: user.email };
}

export const UNFILLED = /\{\{\s*[a-z_]+\s*\}\}/;

/** Fills placeholders; a message that still has one is refused rather than shown to customers. */
export function finalMessage(message: string, values: ReturnType<typeof placeholderValues>): { text: string; error: string | null } {
  const text = fillTemplate(message, values);
  const left = UNFILLED.exec(text);
  return { text, error: left ? `The message still contains ${left[0]}: replace it with your own words.` : null };
}

/** The form again with what customers would read, for the Preview button. */
export function previewed(form: Readonly<Record<string, string>>, previewHtml: string): SubmitOutcome {
  return { kind: 'form', status: 200, values: form, errors: {}, previewHtml };
}

/** The answer to a POST whose body is not a readable form. */
export const unreadable = { kind: 'form', status: 400, values: {}, errors: { form: 'The form could not be read; please send it again.' }, previewHtml: null } as const;

export async function submitNewIncident(db: Db, request: Request, user: SessionUser, now: number): Promise<SubmitOutcome> {
  const form = await readForm(request);
  if (!form) return unreadable;
  if (form.intent === 'preview') return previewed(form, messagePreview(db, form, { kind: 'incident', eventId: null }, now));
  const ids = componentChoices(db).map((c) => c.id);
  const parsed = parseNewIncidentForm(form, ids);
  if (!parsed.ok) return { kind: 'form', status: 400, values: form, errors: parsed.errors, previewHtml: null };
  const values = placeholderValues(db, parsed.value.changes.map((c) => c.componentId), [], parsed.value.severity, now, now);
  const title = fillTemplate(parsed.value.title, values);
  const message = finalMessage(parsed.value.message, values);
  const errors: Record<string, string> = {};
  if (message.error) errors.message = message.error;
  if (UNFILLED.test(title)) errors.title = 'Choose the affected components, or write the title in your own words.';
  else if (title.length > TITLE_MAX) errors.title = `With the component names filled in, the title is over ${TITLE_MAX} characters; shorten it.`;
  if (Object.keys(errors).length > 0) return { kind: 'form', status: 400, values: form, errors, previewHtml: null };
  try {
    const tz = readPageSettings(db, now).timeZone;
    const { id } = createIncident(db, { ...parsed.value, title, message: message.text }, actorOf(user), tz, now);
    return { kind: 'done', id };
  } catch (e) {
    if (e instanceof RejectedError) return { kind: 'form', status: 409, values: form, errors: { form: e.message }, previewHtml: null };
    throw e;
  }
}

export async function submitIncidentUpdate(db: Db, eventId: string, request: Request, user: SessionUser, now: number): Promise<SubmitOutcome> {
  const form = await readForm(request);
  if (!form) return unreadable;
  const event = findEvent(db, eventId);
  if (!event || event.kind !== 'incident') {
    return { kind: 'form', status: 409, values: form, errors: { form: 'This incident no longer exists.' }, previewHtml: null };
  }
  if (form.intent === 'preview') return previewed(form, messagePreview(db, form, { kind: 'incident', eventId: event.id }, now));
  const parsed = parseUpdateForm(form, componentChoices(db).map((c) => c.id));
  if (!parsed.ok) return { kind: 'form', status: 400, values: form, errors: parsed.errors, previewHtml: null };
  const affected = (affectedComponentsOf(db, [event.id]).get(event.id) ?? []).map((c) => c.name);
  const values = placeholderValues(db, parsed.value.changes.map((c) => c.componentId), affected, event.severity, event.startedAt ?? now, now);
  const message = finalMessage(parsed.value.message, values);
  if (message.error) return { kind: 'form', status: 400, values: form, errors: { message: message.error }, previewHtml: null };
  try {
    postIncidentUpdate(db, event.id, { ...parsed.value, message: message.text }, actorOf(user), now);
    return { kind: 'done', id: event.id };
  } catch (e) {
    // A refused transition explains itself, next to the status field.
    if (e instanceof RejectedError) return { kind: 'form', status: 409, values: form, errors: { status: e.message }, previewHtml: null };
    throw e;
  }
}
