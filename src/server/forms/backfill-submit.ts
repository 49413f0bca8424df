import type { Db } from '../../../db/client.js';
import type { SessionUser } from '../auth/session.js';
import { readForm } from '../http/form.js';
import { pageDateBounds, readPageSettings } from '../settings.js';
import { backfillIncident } from '../use-cases/past-incidents.js';
import { componentChoices, placeholderValues } from '../views/admin/incident-editor.js';
import { RejectedError } from '../write/events.js';
import { parseBackfillForm, rowField } from './backfill-form.js';
import { actorOf, finalMessage, unreadable, type SubmitOutcome } from './incident-submit.js';

/** Records a past incident. Placeholders in each message are filled as of that update's time. */
export async function submitBackfill(db: Db, request: Request, user: SessionUser, now: number): Promise<SubmitOutcome> {
  const form = await readForm(request);
  if (!form) return unreadable;
  const settings = readPageSettings(db, now);
  const timeZone = settings.timeZone;
  const parsed = parseBackfillForm(form, componentChoices(db).map((c) => c.id), pageDateBounds(settings, now), now);
  if (!parsed.ok) return { kind: 'form', status: 400, values: form, errors: parsed.errors, previewHtml: null };
  const fields = parsed.value;
  const changedIds = fields.changes.map((c) => c.componentId);
  const errors: Record<string, string> = {};
  const updates = fields.updates.map((u) => {
    const message = finalMessage(u.message, placeholderValues(db, changedIds, [], fields.severity, fields.startedAt, u.at));
    if (message.error) errors[rowField(u.row, 'message')] = message.error;
    return { ...u, message: message.text };
  });
  if (Object.keys(errors).length > 0) return { kind: 'form', status: 400, values: form, errors, previewHtml: null };
  try {
    const { id } = backfillIncident(db, { ...fields, updates }, actorOf(user), timeZone, now);
    return { kind: 'done', id };
  } catch (e) {
    if (e instanceof RejectedError) return { kind: 'form', status: 409, values: form, errors: { form: e.message }, previewHtml: null };
    throw e;
  }
}
