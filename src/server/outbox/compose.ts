import { and, desc, eq, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { deliveries, subscribers } from '../../../db/schema.js';
import {
  renderIncidentUpdate,
  renderMaintenance,
  renderPostmortemPublished,
  type EmailContent,
  type EmailPage,
} from '../../../emails/index.js';
import { isIncidentStatus, isMaintenanceStatus } from '../../core/incident-status.js';
import { renderMarkdown } from '../markdown.js';
import { findEvent, type EventRecord } from '../read/events.js';
import { affectedComponentsOf, updatesForEvents, type UpdateRecord } from '../read/event-updates.js';
import { linkKey } from '../subscribers/access.js';
import { readPageSettings } from '../settings.js';
import { buildEventView, eventHref, type EventView } from '../views/event-view.js';
import type { ClaimedDelivery } from './claim.js';
import { composeConfirmation } from './compose-confirmation.js';
import { composeQuarantineNotice } from '../channels/quarantine-notice.js';
import { confirmMessageId, noticeMessageId, messageIdDomain, postmortemMessageId, threadUnder, UNTHREADED, updateMessageId, type Thread } from './message-ids.js';
import type { Addressing, SharedRendering } from './mailer.js';
import { linksFor, linkTokensOf, personalCopy, placeholderTokens, sharedRendering } from './personal-links.js';
import type { Composed } from './worker.js';

interface EventContext {
  readonly record: EventRecord;
  readonly updates: readonly UpdateRecord[];
  readonly view: EventView;
  /**
   * Each mail of the event rendered once for the whole fan-out, with placeholder link tokens
   * that each subscriber's copy replaces with their own; keyed by `contentKey`.
   */
  readonly rendered: Map<string, SharedRendering>;
}

/** What every mail of a fan-out shares: read once per CONTEXT_TTL_MS, not once per subscriber. */
interface PageContext {
  readonly page: EmailPage;
  readonly domain: string;
  readonly key: Uint8Array;
  readonly listId: string;
}

/**
 * How long one event's data is reused while fanning out, ms. Short: an update corrected by the
 * comms lead mid fan-out reaches the rest of the list within this time.
 */
const CONTEXT_TTL_MS = 2_000;

function contentKey(row: ClaimedDelivery): string {
  return `${row.kind}:${row.updateId ?? ''}`;
}

/**
 * Builds the composer the worker calls for each claimed row: reads the database as it is now
 * (so a mail reflects the latest text), renders with emails/, and adds the headers that make
 * mail clients thread one event's mails and offer one-click unsubscribe.
 */
export function createComposer(db: Db, baseUrl: () => string): (row: ClaimedDelivery, now: number) => Composed {
  const contexts = new Map<string, { at: number; context: EventContext | null }>();
  let pageContext: { at: number; value: PageContext } | null = null;
  const placeholders = placeholderTokens();
  // Prepared once: drizzle would build and SQLite prepare it again for every mail of a fan-out.
  const subscriberById = db
    .select({
      id: subscribers.id,
      email: subscribers.email,
      state: subscribers.state,
      allComponents: subscribers.allComponents,
      linkGeneration: subscribers.linkGeneration,
      confirmTokenHash: subscribers.confirmTokenHash,
      confirmExpiresAt: subscribers.confirmExpiresAt,
    })
    .from(subscribers)
    .where(eq(subscribers.id, sql.placeholder('id')))
    .prepare();
  // The update mail about the same event queued for the subscriber before this row, sent or on its
  // way (not failed or cancelled): the last one they got. Outbox rows are queued in posting order.
  const previousUpdateMail = db
    .select({ updateId: deliveries.updateId })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.subscriberId, sql.placeholder('subscriber')),
        eq(deliveries.eventId, sql.placeholder('event')),
        lt(deliveries.id, sql.placeholder('before')),
        isNotNull(deliveries.updateId),
        inArray(deliveries.state, ['sent', 'pending']),
      ),
    )
    .orderBy(desc(deliveries.id))
    .limit(1)
    .prepare();

  function pageContextAt(now: number): PageContext {
    if (pageContext && now - pageContext.at < CONTEXT_TTL_MS) return pageContext.value;
    const settings = readPageSettings(db, now);
    const base = baseUrl();
    const domain = messageIdDomain(base);
    const value: PageContext = {
      page: { name: settings.name, url: base, timeZone: settings.timeZone, brandColor: settings.brandColor },
      domain,
      key: linkKey(db, now),
      listId: `${settings.name.replace(/[^\w .-]/g, '')} <status.${domain}>`,
    };
    pageContext = { at: now, value };
    return value;
  }

  /** `fresh`: skip the cache (it predates an update we were asked to send). */
  function eventContext(eventId: string, timeZone: string, now: number, fresh = false): EventContext | null {
    const cached = contexts.get(eventId);
    if (!fresh && cached && now - cached.at < CONTEXT_TTL_MS) return cached.context;
    const record = findEvent(db, eventId);
    let context: EventContext | null = null;
    if (record) {
      const updates = updatesForEvents(db, [eventId]).get(eventId) ?? [];
      const affected = affectedComponentsOf(db, [eventId]).get(eventId) ?? [];
      context = {
        record,
        updates,
        view: buildEventView(record, updates, affected, timeZone, now, 'latest'),
        rendered: new Map(),
      };
    }
    if (contexts.size > 200) contexts.clear();
    contexts.set(eventId, { at: now, context });
    return context;
  }

  return (row: ClaimedDelivery, now: number): Composed => {
    const subscriber = subscriberById.get({ id: row.subscriberId });
    if (!subscriber) return { skip: 'subscriber removed' };
    const wanted = row.kind === 'confirm' ? 'unconfirmed' : row.kind === 'quarantine_notice' ? 'quarantined' : 'active';
    if (subscriber.state !== wanted) return { skip: `subscriber is ${subscriber.state}` };

    const { page, domain, key, listId } = pageContextAt(now);
    const base = page.url;
    const tokens = linkTokensOf(key, subscriber.id, subscriber.linkGeneration);
    const links = linksFor(base, tokens);
    const listHeaders = {
      'List-Unsubscribe': `<${links.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'List-Id': listId,
    };
    const addressed = (messageId: string, thread: Thread, headers: Record<string, string>): Addressing => ({
      to: subscriber.email,
      messageId,
      inReplyTo: thread.inReplyTo,
      references: thread.references,
      headers,
    });

    if (row.kind === 'quarantine_notice') return composeQuarantineNotice(db, row, subscriber.id, page, addressed(noticeMessageId(row.id, subscriber.id, domain), UNTHREADED, {}));
    if (row.kind === 'confirm') return composeConfirmation(db, row, subscriber, page, addressed(confirmMessageId(row.id, subscriber.id, domain), UNTHREADED, {}), now);

    if (row.eventId === null) return { skip: 'event deleted' };
    let context = eventContext(row.eventId, page.timeZone, now);
    // Only a fresh read may conclude that something is gone: the cache can predate this update or postmortem.
    if (!context || (row.updateId !== null && !context.updates.some((u) => u.id === row.updateId)) || (row.kind === 'postmortem' && context.record.postmortemPublishedAt === null)) {
      context = eventContext(row.eventId, page.timeZone, now, true);
    }
    if (!context) return { skip: 'event deleted' };
    const { record, updates, view, rendered } = context;
    const eventUrl = `${base}${eventHref(record.id)}`;
    const first = updates[0];
    /** Threads this row's mail under the event's first update and the last update mail the subscriber got. */
    const thread = (): Thread => {
      if (!first || first.id === row.updateId) return UNTHREADED;
      const previous = previousUpdateMail.get({ subscriber: subscriber.id, event: record.id, before: row.id })?.updateId ?? null;
      return threadUnder(updateMessageId(first.id, subscriber.id, domain), previous === null ? null : updateMessageId(previous, subscriber.id, domain));
    };
    const shared = { page, links: linksFor(base, placeholders) };
    /** This row's mail as rendered for the first subscriber of the fan-out, or why there is nothing to send. */
    const once = (render: () => EmailContent | string): SharedRendering | string => {
      const key = contentKey(row);
      let shared = rendered.get(key);
      if (shared === undefined) {
        const made = render();
        if (typeof made === 'string') return made;
        shared = sharedRendering(made, placeholders);
        rendered.set(key, shared);
      }
      return shared;
    };
    const send = (shared: SharedRendering | string, messageId: string, thread: Thread): Composed =>
      typeof shared === 'string' ? { skip: shared } : { mail: personalCopy(shared, placeholders, tokens, addressed(messageId, thread, listHeaders)) };

    if (row.kind === 'postmortem') {
      if (record.postmortemPublishedAt === null || !record.postmortemBody) return { skip: 'postmortem withdrawn' };
      const publishedAt = record.postmortemPublishedAt;
      const body = record.postmortemBody;
      const content = once(() =>
        renderPostmortemPublished({
          ...shared,
          incident: { title: record.title, reference: record.reference, url: eventUrl },
          postmortem: { publishedAt, body: { bodyHtml: renderMarkdown(body), bodyText: body } },
        }),
      );
      return send(content, postmortemMessageId(record.id, publishedAt, subscriber.id, domain), thread());
    }

    const update = updates.find((u) => u.id === row.updateId);
    if (!update) return { skip: 'update deleted' };
    const messageId = updateMessageId(update.id, subscriber.id, domain);
    const content = once(() => {
      const message = { bodyHtml: renderMarkdown(update.body), bodyText: update.body };
      if (record.kind === 'maintenance' && isMaintenanceStatus(update.status) && record.scheduledFor !== null && record.scheduledUntil !== null) {
        return renderMaintenance({
          ...shared,
          maintenance: { title: record.title, reference: record.reference, url: eventUrl, scheduledFor: record.scheduledFor, scheduledUntil: record.scheduledUntil },
          update: { status: update.status, at: update.displayAt, message },
          components: view.affected.map((c) => c.name),
        });
      }
      if (!isIncidentStatus(update.status)) return `unexpected status ${update.status}`;
      return renderIncidentUpdate({
        ...shared,
        incident: { title: record.title, reference: record.reference, url: eventUrl, severity: record.severity, impact: view.impact },
        update: { status: update.status, at: update.displayAt, message },
        components: update.changes.map((c) => ({ name: c.name, status: c.newStatus })),
      });
    });
    return send(content, messageId, thread());
  };
}
