import type { Db } from '../../../db/client.js';
import { reserveSubscribeAttempt } from '../auth/rate-limit.js';
import { confirmSubscription, changeSubscription, requestSubscription, unsubscribe } from '../use-cases/subscriptions.js';
import { readForm } from '../http/form.js';
import { linkToken } from '../subscribers/links.js';
import { linkKey, subscriberForLink } from '../subscribers/access.js';
import { choiceIds } from '../views/subscription.js';
import { RejectedError } from '../write/events.js';
import { HONEYPOT_FIELD, parseChoice, parseSubscribeForm } from './subscribe-form.js';
import type { EndpointKind } from '../../core/channel-kind.js';
import { config } from '../config.js';
import { addEndpointSubscriber } from '../use-cases/endpoint-subscriptions.js';
import { SUBSCRIBE_WORDS } from '../views/subscribe-words.js';
import { parseEndpointForm, viaOf } from './endpoint-subscribe-form.js';

export type FormOutcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'form'; readonly status: 400 | 409 | 422 | 429; readonly values: Readonly<Record<string, string>>; readonly errors: Readonly<Record<string, string>> };

const unreadable = { kind: 'form', status: 400, values: {}, errors: { form: 'The form could not be read; please send it again.' } } as const;

/** A webhook or chat endpoint subscribed from /subscribe: the page shows the secret (webhooks) this once. */
export type SubscribeOutcome = FormOutcome | { readonly kind: 'endpoint_added'; readonly channel: EndpointKind; readonly signingSecret: string | null };

/**
 * Handles the subscribe form. By email (`via` absent or `email`), the visitor sees the same "check
 * your inbox" whatever the address's state (new, pending, active, unsubscribed, quarantined) and
 * when the honeypot caught a bot. By webhook or chat, the endpoint is active at once (see
 * addEndpointSubscriber); the same rate limit applies to both paths.
 */
export async function submitSubscribe(db: Db, request: Request, clientKey: string, now: number): Promise<SubscribeOutcome> {
  const form = await readForm(request);
  if (!form) return unreadable;
  if (!reserveSubscribeAttempt(db, clientKey, now).ok) {
    return { kind: 'form', status: 429, values: form, errors: { form: 'Too many subscription requests from your network. Please try again in a few minutes.' } };
  }
  const via = viaOf(form);
  if (via === null) return { kind: 'form', status: 400, values: form, errors: { via: SUBSCRIBE_WORDS.unknownVia } };
  if (via !== 'email') return submitEndpoint(db, form, via, now);
  const parsed = parseSubscribeForm(form, choiceIds(db));
  if (!parsed.ok) return { kind: 'form', status: 400, values: form, errors: parsed.errors };
  if (parsed.value.bot) return { kind: 'done' };
  try {
    requestSubscription(db, parsed.value.email, parsed.value.choice, now);
    return { kind: 'done' };
  } catch (e) {
    if (e instanceof RejectedError) return { kind: 'form', status: 409, values: form, errors: { scope: e.message } };
    throw e;
  }
}

function submitEndpoint(db: Db, form: Readonly<Record<string, string>>, via: EndpointKind, now: number): SubscribeOutcome {
  const parsed = parseEndpointForm(form, via, choiceIds(db), config.outboundAllowPrivate);
  if (!parsed.ok) return { kind: 'form', status: 422, values: form, errors: parsed.errors };
  // A bot that filled the honeypot hears "done" and nothing is stored, as on the email path.
  if ((form[HONEYPOT_FIELD] ?? '') !== '') return { kind: 'done' };
  try {
    const added = addEndpointSubscriber(db, parsed.value, null, config.outboundAllowPrivate, now);
    return { kind: 'endpoint_added', channel: via, signingSecret: added.signingSecret };
  } catch (e) {
    if (e instanceof RejectedError) return { kind: 'form', status: /already subscribed/.test(e.message) ? 409 : 422, values: form, errors: { endpoint: e.message } };
    throw e;
  }
}

/** Confirms with the token from the mail; on success the person's manage link, to keep. */
export function submitConfirm(db: Db, token: string, now: number): { readonly managePath: string } | null {
  const subscriber = confirmSubscription(db, token, now);
  if (!subscriber) return null;
  return { managePath: `/subscriptions/${linkToken(linkKey(db, now), 'manage', subscriber.id, subscriber.linkGeneration)}` };
}

export type ManageOutcome = FormOutcome | { readonly kind: 'unsubscribed' } | { readonly kind: 'not_found' };

/** The manage page's POST: `intent=save` with the component choice, or `intent=unsubscribe`. */
export async function submitManage(db: Db, token: string, request: Request, now: number): Promise<ManageOutcome> {
  const holder = subscriberForLink(db, 'manage', token, now);
  if (!holder || holder.state !== 'active') return { kind: 'not_found' };
  const form = await readForm(request);
  if (!form) return unreadable;
  if (form.intent === 'unsubscribe') {
    unsubscribe(db, holder.id, now);
    return { kind: 'unsubscribed' };
  }
  const errors: Record<string, string> = {};
  const choice = parseChoice(form, choiceIds(db), errors);
  if (Object.keys(errors).length > 0) return { kind: 'form', status: 400, values: form, errors };
  try {
    changeSubscription(db, holder.id, choice, now);
    return { kind: 'done' };
  } catch (e) {
    if (e instanceof RejectedError) return { kind: 'form', status: 409, values: form, errors: { scope: e.message } };
    throw e;
  }
}

/**
 * Unsubscribes the holder of an unsubscribe link: the page's button, or a mail client's RFC 8058
 * one-click POST. Unsubscribing twice is fine; a link that was never valid is not found.
 */
export function submitUnsubscribe(db: Db, token: string, now: number): 'done' | 'not_found' {
  const holder = subscriberForLink(db, 'unsubscribe', token, now);
  if (!holder) return 'not_found';
  unsubscribe(db, holder.id, now);
  return 'done';
}
