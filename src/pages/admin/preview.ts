import type { APIRoute } from 'astro';
import { MESSAGE_MAX } from '../../server/forms/incident-form';
import { readForm } from '../../server/http/form';
import { renderMarkdown } from '../../server/markdown';

/**
 * The live preview behind the message editors: Markdown in (`message`), the sanitised HTML
 * customers would see out. Placeholders stay as typed; the Preview button fills them in.
 */
export const POST: APIRoute = async ({ request }) => {
  const form = await readForm(request);
  const message = form?.message;
  if (message === undefined) return new Response('Send the message to preview as a form field named “message”.', { status: 400 });
  if (message.length > MESSAGE_MAX) return new Response(`The message is over ${MESSAGE_MAX} characters.`, { status: 413 });
  return new Response(renderMarkdown(message), { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
};
