import { z } from 'zod';
import type { Parsed } from './incident-form.js';

/** Deleting is confirmed by typing the incident's reference (case and surrounding spaces do not matter). */
export function parseDeletionForm(form: Record<string, string>, reference: string): Parsed<{ confirmed: true }> {
  const refusal = `Type ${reference} to confirm.`;
  const confirm = z
    .string({ required_error: refusal })
    .trim()
    .refine((typed) => typed.toUpperCase() === reference.toUpperCase(), refusal)
    .safeParse(form.confirm);
  return confirm.success ? { ok: true, value: { confirmed: true } } : { ok: false, errors: { confirm: confirm.error.issues[0]!.message } };
}
