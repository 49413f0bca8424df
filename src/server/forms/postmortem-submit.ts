import type { Db } from '../../../db/client.js';
import type { SessionUser } from '../auth/session.js';
import { readForm } from '../http/form.js';
import { renderMarkdown } from '../markdown.js';
import { draftPostmortem, publishIncidentPostmortem } from '../use-cases/postmortems.js';
import { postmortemEditorView } from '../views/admin/postmortem-editor.js';
import { RejectedError } from '../write/events.js';
import { actorOf, unreadable, type SubmitOutcome } from './incident-submit.js';
import { parsePostmortemForm } from './postmortem-form.js';

export type PostmortemSubmitOutcome = Exclude<SubmitOutcome, { kind: 'done' }> | { readonly kind: 'done'; readonly id: string; readonly published: boolean };

/** Saves the draft, publishes it (telling subscribers if asked), or previews it. */
export async function submitPostmortem(db: Db, eventId: string, request: Request, user: SessionUser, now: number): Promise<PostmortemSubmitOutcome> {
  const form = await readForm(request);
  if (!form) return unreadable;
  const view = postmortemEditorView(db, eventId, now);
  if (!view) return { kind: 'form', status: 409, values: form, errors: { form: 'A postmortem can only be written for a resolved incident.' }, previewHtml: null };
  const parsed = parsePostmortemForm(form);
  if (!parsed.ok) return { kind: 'form', status: 400, values: form, errors: parsed.errors, previewHtml: null };
  const { body, intent, notify } = parsed.value;
  if (intent === 'preview') return { kind: 'form', status: 200, values: form, errors: {}, previewHtml: renderMarkdown(body) };
  try {
    if (intent === 'publish') publishIncidentPostmortem(db, view.record.id, { body, notify }, actorOf(user), now);
    else draftPostmortem(db, view.record.id, body, actorOf(user), now);
    return { kind: 'done', id: view.record.id, published: intent === 'publish' };
  } catch (e) {
    if (e instanceof RejectedError) return { kind: 'form', status: 409, values: form, errors: { form: e.message }, previewHtml: null };
    throw e;
  }
}
