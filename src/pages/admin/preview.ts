import type { APIRoute } from 'astro';
import { database } from '../../server/db';
import { MESSAGE_MAX } from '../../server/forms/incident-form';
import { messagePreview, previewTargetOf } from '../../server/forms/message-preview';
import { readForm } from '../../server/http/form';
import { audienceBefore } from '../../server/views/admin/audience';

/**
 * The live preview behind the message editors: the whole form in (plus `preview_kind` and
 * `preview_event`), out as JSON: `html`, the title and message as customers will read them,
 * placeholders filled as publishing would fill them now (the same HTML the Preview button
 * shows), and `recipients`, how many subscribers publishing would notify.
 */
export const POST: APIRoute = async ({ request }) => {
  const form = await readForm(request);
  const message = form?.message;
  if (!form || message === undefined) return new Response('Send the message to preview as a form field named “message”.', { status: 400 });
  if (message.length > MESSAGE_MAX) return new Response(`The message is over ${MESSAGE_MAX} characters.`, { status: 413 });
  const db = database().db;
  const target = previewTargetOf(form);
  const body = { html: messagePreview(db, form, target, Date.now()), recipients: audienceBefore(db, form, target) };
  return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });
};
