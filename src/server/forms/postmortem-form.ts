import { z } from 'zod';
import { findPrompt } from '../../core/postmortem.js';
import type { Parsed } from './incident-form.js';

export const POSTMORTEM_MAX = 50_000;

/** Save a draft (not public), publish it, or only preview it. */
export const POSTMORTEM_INTENTS = ['draft', 'publish', 'preview'] as const;
export type PostmortemIntent = (typeof POSTMORTEM_INTENTS)[number];

export interface PostmortemFields {
  readonly body: string;
  readonly intent: PostmortemIntent;
  readonly notify: boolean;
}

const bodySchema = z
  .string({ required_error: 'Write the postmortem.' })
  .trim()
  .min(1, 'Write the postmortem.')
  .max(POSTMORTEM_MAX, `Keep the postmortem under ${POSTMORTEM_MAX} characters.`);
const intentSchema = z.enum(POSTMORTEM_INTENTS, { errorMap: () => ({ message: 'Choose to save a draft, preview or publish.' }) });

/** A draft may keep the template's `[[…]]` prompts; a published postmortem may not. */
export function parsePostmortemForm(form: Record<string, string>): Parsed<PostmortemFields> {
  const errors: Record<string, string> = {};
  const body = bodySchema.safeParse(form.body);
  if (!body.success) errors.body = body.error.issues[0]!.message;
  const intent = intentSchema.safeParse(form.intent ?? 'draft');
  if (!intent.success) errors.form = intent.error.issues[0]!.message;
  if (!body.success || !intent.success) return { ok: false, errors };
  const prompt = intent.data === 'publish' ? findPrompt(body.data) : null;
  if (prompt) return { ok: false, errors: { body: `The postmortem still contains the prompt ${prompt}: replace each [[…]] with your own words, or remove it, before publishing.` } };
  return { ok: true, value: { body: body.data, intent: intent.data, notify: form.notify === 'on' } };
}
