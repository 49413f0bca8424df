import { ENDPOINT_KINDS, isEndpointKind, type EndpointKind } from '../../core/channel-kind.js';
import { validEndpoint } from '../use-cases/endpoint-subscriptions.js';
import type { EndpointSubscription } from '../use-cases/endpoint-subscriptions.js';
import { RejectedError } from '../write/events.js';
import { SUBSCRIBE_WORDS } from '../views/subscribe-words.js';
import type { Parsed } from './incident-form.js';
import { emailField, parseChoice } from './subscribe-form.js';

/** The choices of the `via` radio group: email (the default, also when the field is absent) or an endpoint kind. */
export const VIA_CHOICES = ['email', ...ENDPOINT_KINDS] as const;
export type Via = (typeof VIA_CHOICES)[number];

/** `via` as sent; null for a value no form offers. An absent field is email, as before the choice existed. */
export function viaOf(form: Readonly<Record<string, string>>): Via | null {
  const raw = form.via ?? 'email';
  return raw === 'email' || isEndpointKind(raw) ? raw : null;
}

/**
 * An endpoint subscription from a form (/subscribe or the admin page): `endpoint`, `email` as the
 * contact, and the component choice. Field errors carry the sentence the use-case would give, so
 * the form can show it next to the field; the use-case checks the same again inside its transaction.
 */
export function parseEndpointForm(form: Readonly<Record<string, string>>, kind: EndpointKind, componentIds: readonly string[], allowPrivate: boolean): Parsed<EndpointSubscription> {
  const errors: Record<string, string> = {};
  const parsedEmail = emailField.safeParse(form.email ?? '');
  if (!parsedEmail.success) errors.email = parsedEmail.error.issues[0]!.message;
  let endpoint = '';
  if ((form.endpoint ?? '').trim() === '') errors.endpoint = SUBSCRIBE_WORDS.endpointMissing;
  else {
    try {
      endpoint = validEndpoint(form.endpoint!, allowPrivate);
    } catch (e) {
      if (!(e instanceof RejectedError)) throw e;
      errors.endpoint = e.message;
    }
  }
  const choice = parseChoice(form, componentIds, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { kind, endpoint, email: parsedEmail.data!, choice } };
}
