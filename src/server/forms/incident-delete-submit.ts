import type { Db } from '../../../db/client.js';
import type { SessionUser } from '../auth/session.js';
import { readForm } from '../http/form.js';
import { findEvent } from '../read/events.js';
import { deleteIncident } from '../use-cases/incident-deletion.js';
import { RejectedError } from '../write/events.js';
import { parseDeletionForm } from './incident-delete-form.js';
import { actorOf, unreadable, type SubmitOutcome } from './incident-submit.js';

export type DeleteSubmitOutcome = Exclude<SubmitOutcome, { kind: 'done' }> | { readonly kind: 'done'; readonly reference: string };

/** Deletes the incident once its reference has been typed; anything else changes nothing. */
export async function submitIncidentDeletion(db: Db, eventId: string, request: Request, user: SessionUser, now: number): Promise<DeleteSubmitOutcome> {
  const form = await readForm(request);
  if (!form) return unreadable;
  const record = findEvent(db, eventId);
  if (!record || record.kind !== 'incident') return { kind: 'form', status: 409, values: form, errors: { form: 'This incident no longer exists.' }, previewHtml: null };
  const parsed = parseDeletionForm(form, record.reference);
  if (!parsed.ok) return { kind: 'form', status: 400, values: form, errors: parsed.errors, previewHtml: null };
  try {
    return { kind: 'done', ...deleteIncident(db, record.id, actorOf(user), now) };
  } catch (e) {
    if (e instanceof RejectedError) return { kind: 'form', status: 409, values: form, errors: { form: e.message }, previewHtml: null };
    throw e;
  }
}
