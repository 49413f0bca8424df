import { z } from 'zod';
import type { SubscriptionChoice } from '../use-cases/subscriptions.js';
import type { Parsed } from './incident-form.js';

export const EMAIL_MAX = 254;
/** The field real people never see (hidden by CSS and aria-hidden); bots fill every input they find. */
export const HONEYPOT_FIELD = 'website';

export const emailField = z
  .string()
  .trim()
  .min(1, 'Enter your email address.')
  .max(EMAIL_MAX, `An email address has at most ${EMAIL_MAX} characters.`)
  // Piped so the pattern only ever sees ≤ 254 characters: zod would otherwise run it on a huge
  // input after the length check failed, and its backtracking grows with the square of the length.
  // Deliberately simple: one @, something on each side, a dot in the domain, no spaces or control characters.
  .pipe(z.string().regex(/^[^\s@\p{Cc}]+@[^\s@\p{Cc}]+\.[^\s@\p{Cc}]+$/u, 'That does not look like an email address (name@example.com).'));

/**
 * The component choice shared by the subscribe and manage forms: `scope` is `all` or `some`;
 * with `some`, one `component:<id>` field per chosen component. Unknown ids are an error.
 */
export function parseChoice(form: Readonly<Record<string, string>>, componentIds: readonly string[], errors: Record<string, string>): SubscriptionChoice {
  const scope = form.scope ?? 'all';
  if (scope !== 'all' && scope !== 'some') {
    errors.scope = 'Choose “all components” or pick some.';
    return { allComponents: true, componentIds: [] };
  }
  if (scope === 'all') return { allComponents: true, componentIds: [] };
  const chosen = Object.keys(form)
    .filter((name) => name.startsWith('component:'))
    .map((name) => name.slice('component:'.length));
  if (chosen.some((id) => !componentIds.includes(id))) errors.scope = 'A chosen component no longer exists; reload the page and choose again.';
  else if (chosen.length === 0) errors.scope = 'Pick at least one component, or choose all of them.';
  return { allComponents: false, componentIds: chosen };
}

export interface SubscribeFields {
  readonly email: string;
  readonly choice: SubscriptionChoice;
  /** The honeypot was filled: answer as usual, store nothing. */
  readonly bot: boolean;
}

export function parseSubscribeForm(form: Readonly<Record<string, string>>, componentIds: readonly string[]): Parsed<SubscribeFields> {
  const errors: Record<string, string> = {};
  const parsedEmail = emailField.safeParse(form.email ?? '');
  if (!parsedEmail.success) errors.email = parsedEmail.error.issues[0]!.message;
  const choice = parseChoice(form, componentIds, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { email: parsedEmail.data!, choice, bot: (form[HONEYPOT_FIELD] ?? '') !== '' } };
}
