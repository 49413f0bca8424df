import { z } from 'zod';
import { EVENT_KINDS, EVENT_STATUS_LABELS, type EventStatus } from '../../core/incident-status.js';
import { describePlaceholders, listNames, templateKey, unknownPlaceholders } from '../../core/template.js';
import { A_KIND, templateStatuses, type TemplateFields } from '../templates/store.js';
import { collect, type Parsed } from './incident-form.js';

export const TEMPLATE_NAME_MAX = 60;
export const TEMPLATE_TITLE_MAX = 200;
export const TEMPLATE_BODY_MAX = 10_000;

const shape = z.object({
  kind: z.enum(EVENT_KINDS, { errorMap: () => ({ message: 'Choose incident or maintenance.' }) }),
  name: z
    .string()
    .trim()
    .min(1, 'Name the template, e.g. “Investigating”.')
    .max(TEMPLATE_NAME_MAX, `Keep the name under ${TEMPLATE_NAME_MAX} characters.`)
    .refine((name) => templateKey(name) !== '', 'Use some letters or digits in the name.'),
  status: z.string(),
  title: z.string().trim().min(1, 'Write a title; it prefills a new event.').max(TEMPLATE_TITLE_MAX, `Keep the title under ${TEMPLATE_TITLE_MAX} characters.`),
  body: z.string().trim().min(1, 'Write the message customers will read.').max(TEMPLATE_BODY_MAX, `Keep the message under ${TEMPLATE_BODY_MAX} characters.`),
});

export function parseTemplateForm(form: Record<string, string>): Parsed<TemplateFields> {
  const errors: Record<string, string> = {};
  const parsed = shape.safeParse(form);
  collect(parsed, errors);
  // Status and placeholders depend on the kind: checked whenever the kind is readable, so every error shows at once.
  const kind = EVENT_KINDS.find((k) => k === form.kind);
  if (kind) {
    const allowed = templateStatuses(kind);
    if (!(allowed as readonly string[]).includes(form.status ?? '')) {
      errors.status = `Choose ${A_KIND[kind]} status: ${allowed.map((s) => EVENT_STATUS_LABELS[s]).join(', ')}.`;
    }
    for (const field of ['title', 'body'] as const) {
      const unknown = unknownPlaceholders(form[field] ?? '', kind);
      if (unknown.length > 0) {
        errors[field] ??= `${listNames(unknown)} ${unknown.length === 1 ? 'is not a placeholder' : 'are not placeholders'} ${A_KIND[kind]} template can use. Known: ${describePlaceholders(kind)}.`;
      }
    }
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { ...parsed.data, status: parsed.data.status as EventStatus } };
}
