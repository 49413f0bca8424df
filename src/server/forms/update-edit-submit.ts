import type { Db } from '../../../db/client.js';
import type { SessionUser } from '../auth/session.js';
import { readForm } from '../http/form.js';
import { renderMarkdown } from '../markdown.js';
import { affectedComponentsOf } from '../read/event-updates.js';
import { pageDateBounds, readPageSettings } from '../settings.js';
import { editIncidentUpdate } from '../use-cases/update-edits.js';
import { placeholderValues } from '../views/admin/incident-editor.js';
import { updateEditView } from '../views/admin/update-edit.js';
import { RejectedError } from '../write/events.js';
import { actorOf, finalMessage, unreadable, type SubmitOutcome } from './incident-submit.js';
import { parseUpdateEditForm } from './update-edit-form.js';

export type EditSubmitOutcome = Exclude<SubmitOutcome, { kind: 'done' }> | { readonly kind: 'done'; readonly id: string; readonly changed: boolean };

/**
 * Saves (or previews) the edit of one update. Placeholders are filled as of the update's
 * display time, as if it had been posted then. Refusals about the time come back next to the
 * time field with nothing written.
 */
export async function submitUpdateEdit(db: Db, eventId: string, updateId: string, request: Request, user: SessionUser, now: number): Promise<EditSubmitOutcome> {
  const form = await readForm(request);
  if (!form) return unreadable;
  const view = updateEditView(db, eventId, updateId, now);
  if (!view) return { kind: 'form', status: 409, values: form, errors: { form: 'This update no longer exists.' }, previewHtml: null };
  const parsed = parseUpdateEditForm(form, view.update.displayAt, pageDateBounds(readPageSettings(db, now), now), now);
  if (!parsed.ok) return { kind: 'form', status: 400, values: form, errors: parsed.errors, previewHtml: null };
  const { record } = view;
  const affected = (affectedComponentsOf(db, [record.id]).get(record.id) ?? []).map((c) => c.name);
  const at = parsed.value.displayAt;
  const message = finalMessage(parsed.value.message, placeholderValues(db, [], affected, record.severity, record.startedAt ?? at, at));
  if (form.intent === 'preview') return { kind: 'form', status: 200, values: form, errors: {}, previewHtml: renderMarkdown(message.text) };
  if (message.error) return { kind: 'form', status: 400, values: form, errors: { message: message.error }, previewHtml: null };
  try {
    const outcome = editIncidentUpdate(db, { updateId: view.update.id, body: message.text, displayAt: at }, actorOf(user), view.timeZone, now);
    return { kind: 'done', id: record.id, changed: outcome.changed };
  } catch (e) {
    // What is left to refuse once the update is known is its new time.
    if (e instanceof RejectedError) return { kind: 'form', status: 409, values: form, errors: { displayAt: e.message }, previewHtml: null };
    throw e;
  }
}
