import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { subscribers, teamChannels } from '../../../db/schema.js';
import type { EndpointKind } from '../../core/channel-kind.js';
import { isComponentStatus, type ComponentStatus } from '../../core/component-status.js';
import { renderChatBody, type ChannelMessage } from '../../core/channels/message.js';
import { teamMessageFromPayload } from '../team-channels/enqueue.js';
import { classifyEndpointStatus, type EndpointFailure } from '../../core/endpoint-failure.js';
import { guardedPost, type OutboundOptions } from '../outbound/guarded-get.js';
import type { ClaimedDelivery } from '../outbox/claim.js';
import { subscriptionLinks } from '../outbox/personal-links.js';
import type { Attempt } from '../outbox/worker.js';
import { linkKey } from '../subscribers/access.js';
import { perDatabase } from '../per-database.js';
import { readPageSettings, type PageSettings } from '../settings.js';
import { componentChannelMessage, testChannelMessage, updateChannelMessage, type IncidentFacts } from './chat-message.js';
import { recordEndpointSuccess } from './endpoint-outcome.js';
import { endpointOpener, SealedEndpointError } from './endpoint-seal.js';
import { ENDPOINT_MAX_ANSWER_BYTES, type LanePolicy } from './lane-policy.js';
import { unseal } from './secret-box.js';
import { signatureHeaders, webhookIdFor } from './signing.js';
import type { ComponentUpdatePayload } from '../outbox/enqueue.js';
import {
  sharedComponentWebhookBody,
  sharedIncidentWebhookBody,
  sharedTestWebhookBody,
  webhookBodyJson,
  type SharedComponentBody,
  type SharedWebhookBody,
} from './webhook-body.js';

export interface EndpointSenderOptions {
  readonly db: Db;
  readonly kind: EndpointKind;
  readonly policy: LanePolicy;
  readonly baseUrl: () => string;
  readonly allowPrivate: boolean;
  /** Tests only: the resolver behind the connect-time guard. */
  readonly resolve?: OutboundOptions['resolve'];
}

/** A lane's sender: `attempt` for one row; `claimed` after each claim, which starts a fresh memo. */
export interface EndpointSender {
  readonly attempt: (row: ClaimedDelivery, now: number) => Promise<Attempt<EndpointFailure>>;
  readonly claimed: () => void;
}

/**
 * What every row of one claim shares, read once for the batch instead of once per row: the page
 * settings, the link key, the endpoint key and, per event, the body without its per-subscriber
 * `meta`. Dropped at the next claim, so a body is never older than the claim before its send.
 */
interface BatchMemo {
  base?: string;
  settings?: PageSettings;
  key?: Uint8Array;
  /** Opens the rows' sealed endpoint URLs, the key read once per batch. */
  open?: (stored: string) => string;
  test?: SharedWebhookBody;
  readonly events: Map<string, SharedWebhookBody | null>;
  /** Per component status change. */
  readonly changes: Map<number, SharedComponentBody | null>;
}

/** The per-row read of the recipient, prepared once per database handle. */
const subscriberStatement = perDatabase((db) => db.select().from(subscribers).where(eq(subscribers.id, sql.placeholder('id'))).prepare());

interface Target {
  readonly url: string;
  readonly secret: string | null;
  readonly body: string;
}

/**
 * A lane's attempt at one row: reads the recipient and the event as they are now, builds the body
 * (Statuspage's webhook JSON, or a chat platform's), signs it for webhooks (Standard Webhooks, the
 * `webhook-id` derived from the row's dedupe key so a retry carries the same id) and POSTs it under
 * the outbound guard. A 2xx is success; anything else is classified by core/endpoint-failure.ts.
 */
export function createEndpointSender(options: EndpointSenderOptions): EndpointSender {
  const { db, kind } = options;
  let memo: BatchMemo = { events: new Map(), changes: new Map() };
  const claimed = (): void => {
    memo = { events: new Map(), changes: new Map() };
  };
  const attempt = async (row: ClaimedDelivery, now: number): Promise<Attempt<EndpointFailure>> => {
    const target = row.teamChannelId !== null ? teamTarget(row, row.teamChannelId, now) : subscriberTarget(row, now);
    if (typeof target === 'string') return { skip: target };
    const id = webhookIdFor(row.dedupeKey);
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(target.secret ? signatureHeaders(target.secret, id, now, target.body) : {}) };
    let status: number | null = null;
    let error: string;
    try {
      const answer = await guardedPost(target.url, target.body, {
        allowPrivate: options.allowPrivate,
        headers,
        timeoutMs: options.policy.timeoutMs,
        maxBytes: ENDPOINT_MAX_ANSWER_BYTES,
        truncate: true,
        resolve: options.resolve,
        keepAliveSockets: options.policy.concurrency,
      });
      status = answer.status;
      error = `the endpoint answered HTTP ${status}`;
    } catch (e) {
      error = (e as Error).message;
    }
    const failure = classifyEndpointStatus(status);
    if (failure === null) {
      recordEndpointSuccess(db, row);
      return { sent: id };
    }
    return { failure, error };
  };
  return { attempt, claimed };

  function subscriberTarget(row: ClaimedDelivery, now: number): Target | string {
    const s = subscriberStatement(db).get({ id: row.subscriberId ?? '' });
    if (!s) return 'subscriber removed';
    if (s.state !== 'active') return `subscriber is ${s.state}`;
    if (s.channel !== kind || !s.endpoint) return 'subscriber changed channel';
    const base = options.baseUrl();
    // The bodies carry the public address: a changed one starts the memo afresh.
    if (memo.base !== base) memo = { base, events: new Map(), changes: new Map() };
    let url: string;
    try {
      url = (memo.open ??= endpointOpener(db))(s.endpoint);
    } catch (e) {
      // Altered, or sealed under another key: refused, never sent anywhere.
      if (e instanceof SealedEndpointError) return `endpoint unreadable: ${e.message}`;
      throw e;
    }
    const settings = (memo.settings ??= readPageSettings(db, now));
    const links = subscriptionLinks(base, (memo.key ??= linkKey(db, now)), s.id, s.linkGeneration);
    const secret = s.signingSecret === null ? null : unseal(db, s.signingSecret, now);
    if (kind === 'webhook' && secret === null) return 'signing secret unreadable';
    const occurredAt = new Date(now).toISOString();
    if (row.kind === 'channel_test') {
      if (kind !== 'webhook') return { url, secret, body: JSON.stringify(renderChatBody(kind, testChannelMessage(settings.name, base, links.manageUrl, occurredAt))) };
      return { url, secret, body: webhookBodyJson((memo.test ??= sharedTestWebhookBody(db, settings, base)), links.unsubscribeUrl, occurredAt) };
    }
    if (row.kind === 'component_update') {
      const changeId = row.componentChangeId;
      const from = changeId === null ? null : previousStatus(row.payload);
      if (changeId === null || from === null) return 'component change missing';
      let change = memo.changes.get(changeId);
      if (change === undefined) memo.changes.set(changeId, (change = sharedComponentWebhookBody(db, settings, base, changeId, from)));
      if (!change) return 'component change removed';
      if (kind === 'webhook') return { url, secret, body: webhookBodyJson(change, links.unsubscribeUrl, occurredAt) };
      return { url, secret: null, body: JSON.stringify(renderChatBody(kind, componentChannelMessage(settings.name, change, base, links.manageUrl, occurredAt))) };
    }
    if ((row.kind !== 'update' && row.kind !== 'postmortem') || row.eventId === null) return `nothing to send for a ${row.kind} row`;
    let shared = memo.events.get(row.eventId);
    if (shared === undefined) memo.events.set(row.eventId, (shared = sharedIncidentWebhookBody(db, settings, base, row.eventId)));
    if (!shared?.incident) return 'event deleted';
    const incident = shared.incident as unknown as IncidentFacts;
    if (row.updateId !== null && !incident.incident_updates.some((u) => (u as { id?: string }).id === row.updateId)) return 'update deleted';
    if (kind === 'webhook') return { url, secret, body: webhookBodyJson(shared, links.unsubscribeUrl, occurredAt) };
    const message = updateChannelMessage(settings.name, incident, links.manageUrl, occurredAt);
    return { url, secret: null, body: JSON.stringify(renderChatBody(kind, message)) };
  }

  function teamTarget(row: ClaimedDelivery, teamChannelId: string, now: number): Target | string {
    const c = db.select().from(teamChannels).where(eq(teamChannels.id, teamChannelId)).get();
    if (!c) return 'team channel removed';
    if (!c.enabled || c.quarantinedAt !== null) return 'team channel disabled or quarantined';
    const url = unseal(db, c.urlEncrypted, now);
    if (url === null) return 'team channel URL unreadable';
    if (row.payload === null) return 'team event payload missing';
    let message: ChannelMessage;
    try {
      // The stored link is a path: the write that queued it does not know the public address.
      message = teamMessageFromPayload(row.payload, options.baseUrl());
    } catch {
      return 'team event payload unreadable';
    }
    if (c.kind !== 'webhook') return { url, secret: null, body: JSON.stringify(renderChatBody(c.kind, message)) };
    const secret = c.signingSecret === null ? null : unseal(db, c.signingSecret, now);
    if (secret === null) return 'signing secret unreadable';
    return { url, secret, body: JSON.stringify({ type: message.event, timestamp: message.occurredAt, data: message }) };
  }
}

/** The status a `component_update` row's change replaced, from its payload; null when unreadable. */
function previousStatus(payload: string | null): ComponentStatus | null {
  if (payload === null) return null;
  try {
    const from = (JSON.parse(payload) as Partial<ComponentUpdatePayload>).from;
    return isComponentStatus(from) ? from : null;
  } catch {
    return null;
  }
}
