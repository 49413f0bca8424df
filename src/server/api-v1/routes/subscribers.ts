import { z } from 'zod/v4';
import { SUBSCRIBER_STATES, type SubscriberState } from '../../../core/subscriber-state.js';
import { parseSubscribeForm } from '../../forms/subscribe-form.js';
import { countSubscribers, findSubscriber, findSubscriberByEmail, listSubscribers, subscriberCounts } from '../../read/subscribers.js';
import { rotateSigningSecret } from '../../use-cases/endpoint-subscriptions.js';
import { addConfirmedSubscriber, requestSubscription, unsubscribe } from '../../use-cases/subscriptions.js';
import { choiceIds } from '../../views/subscription.js';
import { RejectedError } from '../../write/events.js';
import { ApiError } from '../errors.js';
import { defineRoute, type ApiRoute } from '../route.js';
import { AUTH_ERRORS, ErrorEntity, NOT_FOUND, UNPROCESSABLE } from '../schemas/common.js';
import { Subscriber, SubscriberCountByType, SubscriberCountByTypeAndState, SubscriberCreate, SUBSCRIBER_TYPES } from '../schemas/subscriber.js';
import { formRefusal } from './form-refusal.js';
import { createWebhookSubscriber } from './subscriber-webhook.js';
import { subscriberV1 } from './subscriber-json.js';

const TAG = 'Subscribers';
const CONFLICT = { 409: { description: 'The address is already subscribed, or quarantined.', schema: ErrorEntity } } as const;
/** Why listing needs `write`: said once, in every summary that lists addresses. */
const PERSONAL = 'Needs the write scope: addresses are personal data, seen only by those who may manage subscribers (editors), not by read-only dashboards.';

const STATE_FILTERS = [...SUBSCRIBER_STATES, 'all'] as const;
const stateQuery = z.enum(STATE_FILTERS).default('active').meta({ description: 'Only subscribers in this state (default active); `all` for every state, unsubscribed included.' });
const typeQuery = z.enum(SUBSCRIBER_TYPES).optional().meta({ description: 'Only this type; Beacon has email subscribers only, so other types find none.' });

const ListQuery = z.object({
  q: z.string().max(254).optional().meta({ description: 'Part of an address, matched without regard to case.' }),
  type: typeQuery,
  state: stateQuery,
  limit: z.coerce.number().int().min(1).max(1000).default(100).meta({ description: 'Rows per page (default 100, at most 1000).' }),
  page: z.coerce.number().int().min(0).max(1_000_000).default(0).meta({ description: 'Page of rows, from 0: skips page × limit rows.' }),
});

const stateOf = (filter: (typeof STATE_FILTERS)[number]): SubscriberState | null => (filter === 'all' ? null : filter);

function notFound(id: string): ApiError {
  return new ApiError(404, `There is no subscriber “${id}” (it may have been removed).`);
}

export const SUBSCRIBER_ROUTES: readonly ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/pages/{page_id}/subscribers',
    operationId: 'getPagesPageIdSubscribers',
    summary: `List subscribers, newest first. ${PERSONAL}`,
    tag: TAG,
    scope: 'write',
    query: ListQuery,
    responses: { 200: { description: 'The subscribers.', schema: Subscriber, list: true }, ...AUTH_ERRORS, ...NOT_FOUND, 400: UNPROCESSABLE[400] },
    handle: ({ db, page, query }) => {
      if (query.type !== undefined && query.type !== 'email') return { status: 200, body: [] };
      const rows = listSubscribers(db, { search: query.q ?? '', state: stateOf(query.state) }, query.limit, query.page * query.limit);
      const all = choiceIds(db);
      return { status: 200, body: rows.map((s) => subscriberV1(s, all, page.settings.timeZone)) };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/pages/{page_id}/subscribers',
    operationId: 'postPagesPageIdSubscribers',
    summary:
      'Subscribe an email address. A confirmation mail goes out, exactly as from the subscribe form, unless `skip_confirmation_notification` is true: then the address is active at once (this route needs the write scope, so only a write token can skip). With `endpoint`, a webhook subscriber: active at once, one test call sent, and `signing_secret` returned this once. SMS subscribers are not offered.',
    tag: TAG,
    scope: 'write',
    body: SubscriberCreate,
    responses: { 201: { description: 'The subscriber.', schema: Subscriber }, ...AUTH_ERRORS, ...NOT_FOUND, ...UNPROCESSABLE, ...CONFLICT },
    handle: ({ db, page, body, actor, now }) => {
      const s = body.subscriber;
      if (s.endpoint !== undefined) return createWebhookSubscriber(db, page.settings.timeZone, s, actor, now);
      if ((s.email ?? '').trim() === '') {
        if (s.phone_number !== undefined) throw new ApiError(422, 'SMS subscribers are not offered: send “subscriber.email” to subscribe an email address.');
      }
      // The subscribe form's own parser: the same address check and component choice rules.
      const form: Record<string, string> = { email: s.email ?? '', scope: s.component_ids === undefined ? 'all' : 'some' };
      for (const id of s.component_ids ?? []) form[`component:${id}`] = 'on';
      const parsed = parseSubscribeForm(form, choiceIds(db));
      if (!parsed.ok) throw formRefusal(parsed.errors, { email: 'subscriber.email', scope: 'subscriber.component_ids' });
      const { email, choice } = parsed.value;
      const skip = s.skip_confirmation_notification === true;
      if (skip) {
        try {
          addConfirmedSubscriber(db, email, choice, actor, now);
        } catch (e) {
          if (e instanceof RejectedError) throw new ApiError(409, e.message);
          throw e;
        }
      } else {
        const result = requestSubscription(db, email, choice, now, actor);
        if (result === 'already_active') throw new ApiError(409, `${email} is already subscribed; its owner changes what it hears about with the link in any of its mails.`);
        if (result === 'quarantined') throw new ApiError(409, `${email} is quarantined after mail to it failed; reactivate it in the admin area.`);
      }
      const created = findSubscriberByEmail(db, email)!;
      return { status: 201, body: subscriberV1(created, choiceIds(db), page.settings.timeZone, skip) };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/pages/{page_id}/subscribers/count',
    operationId: 'getPagesPageIdSubscribersCount',
    summary: 'Count subscribers by type (read scope: numbers only, no addresses)',
    tag: TAG,
    scope: 'read',
    query: z.object({ type: typeQuery, state: stateQuery }),
    responses: { 200: { description: 'The counts.', schema: SubscriberCountByType }, ...AUTH_ERRORS, ...NOT_FOUND, 400: UNPROCESSABLE[400] },
    handle: ({ db, query }) => {
      const email = query.type === undefined || query.type === 'email' ? countSubscribers(db, { search: '', state: stateOf(query.state) }) : 0;
      return { status: 200, body: { ...Object.fromEntries(SUBSCRIBER_TYPES.map((t) => [t, 0])), email } };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/pages/{page_id}/subscribers/histogram_by_state',
    operationId: 'getPagesPageIdSubscribersHistogramByState',
    summary: 'Count subscribers by type, then by state (read scope: numbers only)',
    tag: TAG,
    scope: 'read',
    responses: { 200: { description: 'The counts.', schema: SubscriberCountByTypeAndState }, ...AUTH_ERRORS, ...NOT_FOUND },
    handle: ({ db }) => {
      const n = subscriberCounts(db);
      const none = { active: 0, unconfirmed: 0, quarantined: 0, unsubscribed: 0, total: 0 };
      const email = { ...n, total: n.active + n.unconfirmed + n.quarantined + n.unsubscribed };
      return { status: 200, body: { ...Object.fromEntries(SUBSCRIBER_TYPES.map((t) => [t, none])), email } };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/pages/{page_id}/subscribers/{subscriber_id}',
    operationId: 'getPagesPageIdSubscribersSubscriberId',
    summary: `Get a subscriber, in any state. ${PERSONAL}`,
    tag: TAG,
    scope: 'write',
    responses: { 200: { description: 'The subscriber.', schema: Subscriber }, ...AUTH_ERRORS, ...NOT_FOUND },
    handle: ({ db, page, params }) => {
      const found = findSubscriber(db, params.subscriber_id!);
      if (!found) throw notFound(params.subscriber_id!);
      return { status: 200, body: subscriberV1(found, choiceIds(db), page.settings.timeZone) };
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/pages/{page_id}/subscribers/{subscriber_id}',
    operationId: 'deletePagesPageIdSubscribersSubscriberId',
    summary: 'Unsubscribe a subscriber: no more mail, and anything queued for it is cancelled at once. Beacon sends no mail about it, so `skip_unsubscription_notification` changes nothing.',
    tag: TAG,
    scope: 'write',
    query: z.object({ skip_unsubscription_notification: z.enum(['true', 'false']).optional().meta({ description: 'Accepted for Statuspage’s clients; Beacon never mails on unsubscribe.' }) }),
    responses: { 200: { description: 'The subscriber, unsubscribed.', schema: Subscriber }, ...AUTH_ERRORS, ...NOT_FOUND, 400: UNPROCESSABLE[400] },
    handle: ({ db, page, params, actor, now }) => {
      const id = params.subscriber_id!;
      if (!findSubscriber(db, id)) throw notFound(id);
      unsubscribe(db, id, now, actor);
      return { status: 200, body: subscriberV1(findSubscriber(db, id)!, choiceIds(db), page.settings.timeZone) };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/pages/{page_id}/subscribers/{subscriber_id}/rotate_secret',
    operationId: 'postPagesPageIdSubscribersSubscriberIdRotateSecret',
    summary: 'Beacon: issue a new Standard Webhooks signing secret for a webhook subscriber. The old one stops working at once; the answer carries `signing_secret` this once.',
    tag: TAG,
    scope: 'write',
    responses: { 200: { description: 'The subscriber, with its new secret.', schema: Subscriber }, ...AUTH_ERRORS, ...NOT_FOUND, ...UNPROCESSABLE },
    handle: ({ db, page, params, actor, now }) => {
      const id = params.subscriber_id!;
      if (!findSubscriber(db, id)) throw notFound(id);
      let secret: string;
      try {
        secret = rotateSigningSecret(db, id, actor, now);
      } catch (e) {
        if (e instanceof RejectedError) throw new ApiError(422, e.message);
        throw e;
      }
      return { status: 200, body: { ...subscriberV1(findSubscriber(db, id)!, choiceIds(db), page.settings.timeZone), signing_secret: secret } };
    },
  }),
];
