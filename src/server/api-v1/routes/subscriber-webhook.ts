import type { Db } from '../../../../db/client.js';
import type { Actor } from '../../audit.js';
import { config } from '../../config.js';
import { findSubscriber } from '../../read/subscribers.js';
import { addEndpointSubscriber } from '../../use-cases/endpoint-subscriptions.js';
import { choiceIds } from '../../views/subscription.js';
import { RejectedError } from '../../write/events.js';
import { ApiError } from '../errors.js';
import type { SubscriberJson } from '../schemas/subscriber.js';
import { subscriberV1 } from './subscriber-json.js';

interface WebhookCreate {
  readonly endpoint?: string;
  readonly email?: string;
  readonly component_ids?: readonly string[];
}

/**
 * POST /subscribers with an `endpoint`: a webhook subscriber, active at once, its one test call
 * queued; the answer carries `signing_secret` this once. An unusable endpoint or a missing contact
 * address is a 422 with the sentence; an endpoint already subscribed, a 409.
 */
export function createWebhookSubscriber(db: Db, timeZone: string, s: WebhookCreate, actor: Actor, now: number): { status: 201; body: SubscriberJson } {
  const known = new Set(choiceIds(db));
  const unknown = (s.component_ids ?? []).filter((id) => !known.has(id));
  if (unknown.length > 0) throw new ApiError(422, `subscriber.component_ids: there is no component “${unknown[0]}” on this page.`);
  const choice = s.component_ids === undefined ? { allComponents: true, componentIds: [] } : { allComponents: false, componentIds: s.component_ids };
  if (choice.componentIds.length === 0 && !choice.allComponents) throw new ApiError(422, 'subscriber.component_ids: choose at least one component, or leave it out for all of them.');
  let added;
  try {
    added = addEndpointSubscriber(db, { kind: 'webhook', endpoint: s.endpoint ?? '', email: s.email ?? '', choice }, actor, config.outboundAllowPrivate, now);
  } catch (e) {
    if (e instanceof RejectedError) throw new ApiError(/already subscribed/.test(e.message) ? 409 : 422, e.message);
    throw e;
  }
  const created = findSubscriber(db, added.id)!;
  return { status: 201, body: { ...subscriberV1(created, choiceIds(db), timeZone, true), signing_secret: added.signingSecret ?? undefined } };
}
