import type { Db } from '../../../db/client.js';
import type { SessionUser } from '../auth/session.js';
import { readForm } from '../http/form.js';
import { retryFailedDeliveries } from '../use-cases/outbox.js';
import { reactivateSubscriber, removeSubscriber, resendConfirmation } from '../use-cases/subscriptions.js';
import { RejectedError } from '../write/events.js';
import { isEndpointKind } from '../../core/channel-kind.js';
import { config } from '../config.js';
import { addEndpointSubscriber, rotateSigningSecret } from '../use-cases/endpoint-subscriptions.js';
import { choiceIds } from '../views/subscription.js';
import { parseEndpointForm } from './endpoint-subscribe-form.js';
import { actorOf } from './incident-submit.js';

export type AdminActionOutcome =
  | { readonly kind: 'done'; readonly notice: string }
  /** A signing secret to show this once (never put in a redirect URL). */
  | { readonly kind: 'secret'; readonly notice: string; readonly secret: string }
  | { readonly kind: 'error'; readonly status: 400 | 409 | 422; readonly message: string; readonly values?: Readonly<Record<string, string>>; readonly errors?: Readonly<Record<string, string>> };

const ACTIONS = {
  remove: (db: Db, id: string, user: SessionUser, now: number): string => (removeSubscriber(db, id, actorOf(user), now), 'The subscriber was removed.'),
  reactivate: (db: Db, id: string, user: SessionUser, now: number): string => (reactivateSubscriber(db, id, actorOf(user), now), 'The address is active again.'),
  resend: (db: Db, id: string, user: SessionUser, now: number): string => (resendConfirmation(db, id, actorOf(user), now), 'A new confirmation mail is on its way.'),
} as const;

/** The add-endpoint form: the same checks and use-case as /subscribe and the write API, audited as the signed-in person. */
function addEndpoint(db: Db, form: Readonly<Record<string, string>>, user: SessionUser, now: number): AdminActionOutcome {
  const kind = form.via ?? '';
  if (!isEndpointKind(kind)) return { kind: 'error', status: 400, message: 'Choose webhook, Slack, Microsoft Teams or Discord.', values: form, errors: { via: 'Choose a kind of endpoint.' } };
  const parsed = parseEndpointForm(form, kind, choiceIds(db), config.outboundAllowPrivate);
  if (!parsed.ok) return { kind: 'error', status: 422, message: 'The endpoint subscriber was not added: see the form.', values: form, errors: parsed.errors };
  try {
    const added = addEndpointSubscriber(db, parsed.value, actorOf(user), config.outboundAllowPrivate, now);
    const notice = 'The endpoint subscriber was added; a test call is on its way.';
    return added.signingSecret ? { kind: 'secret', notice, secret: added.signingSecret } : { kind: 'done', notice };
  } catch (e) {
    if (e instanceof RejectedError) return { kind: 'error', status: /already subscribed/.test(e.message) ? 409 : 422, message: e.message, values: form, errors: { endpoint: e.message } };
    throw e;
  }
}

/** The subscriber page's POST: `intent` is remove / reactivate / resend / rotate_secret (with `id`), add_endpoint or retry_failed. */
export async function submitSubscriberAction(db: Db, request: Request, user: SessionUser, now: number): Promise<AdminActionOutcome> {
  const form = await readForm(request);
  if (!form) return { kind: 'error', status: 400, message: 'The form could not be read; please send it again.' };
  try {
    if (form.intent === 'retry_failed') {
      const n = retryFailedDeliveries(db, actorOf(user), now);
      return { kind: 'done', notice: n === 0 ? 'No failed mail could be retried.' : `${n} failed mail${n === 1 ? '' : 's'} will be sent again.` };
    }
    if (form.intent === 'add_endpoint') return addEndpoint(db, form, user, now);
    if (form.intent === 'rotate_secret') {
      if (!form.id) return { kind: 'error', status: 400, message: 'No subscriber was chosen.' };
      const secret = rotateSigningSecret(db, form.id, actorOf(user), now);
      return { kind: 'secret', notice: 'The webhook has a new signing secret; the old one no longer signs calls.', secret };
    }
    const action = ACTIONS[form.intent as keyof typeof ACTIONS];
    if (!action || !Object.hasOwn(ACTIONS, form.intent ?? '')) return { kind: 'error', status: 400, message: 'Unknown action.' };
    if (!form.id) return { kind: 'error', status: 400, message: 'No subscriber was chosen.' };
    return { kind: 'done', notice: action(db, form.id, user, now) };
  } catch (e) {
    if (e instanceof RejectedError) return { kind: 'error', status: 409, message: e.message };
    throw e;
  }
}
