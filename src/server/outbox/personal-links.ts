import { randomBytes } from 'node:crypto';
import type { EmailContent, SubscriptionLinks } from '../../../emails/index.js';
import { linkToken } from '../subscribers/links.js';
import type { Addressing, OutgoingMail, SharedRendering } from './mailer.js';

/**
 * A subscriber's own links in mail rendered once for a whole fan-out: the mail is rendered with
 * placeholder tokens, and each subscriber's copy gets their tokens swapped in.
 */
export interface LinkTokens {
  readonly manage: string;
  readonly unsubscribe: string;
}

export function linksFor(baseUrl: string, tokens: LinkTokens): SubscriptionLinks {
  return { manageUrl: `${baseUrl}/subscriptions/${tokens.manage}`, unsubscribeUrl: `${baseUrl}/unsubscribe/${tokens.unsubscribe}` };
}

export function linkTokensOf(key: Uint8Array, subscriberId: string, generation: number): LinkTokens {
  return { manage: linkToken(key, 'manage', subscriberId, generation), unsubscribe: linkToken(key, 'unsubscribe', subscriberId, generation) };
}

/** Subscriber-facing links; `/unsubscribe/…` also answers RFC 8058 one-click POSTs. */
export function subscriptionLinks(baseUrl: string, key: Uint8Array, subscriberId: string, generation: number): SubscriptionLinks {
  return linksFor(baseUrl, linkTokensOf(key, subscriberId, generation));
}

/**
 * Stand-ins for the link tokens in a mail rendered once for every subscriber. Random per composer,
 * and made of characters no escaping changes, so each occurs in the rendered mail only where a
 * link was put and is found again verbatim in the text and the HTML.
 */
export function placeholderTokens(): LinkTokens {
  return { manage: `m${randomBytes(12).toString('hex')}`, unsubscribe: `u${randomBytes(12).toString('hex')}` };
}

/** A mail rendered once with `placeholders`, for the whole fan-out. */
export function sharedRendering(content: EmailContent, placeholders: LinkTokens): SharedRendering {
  return { content, slots: [placeholders.manage, placeholders.unsubscribe] };
}

/**
 * One subscriber's copy of a shared rendering. The transport fills the slots while encoding;
 * the personal text and HTML are only built if something reads them.
 */
export function personalCopy(
  shared: SharedRendering,
  placeholders: LinkTokens,
  tokens: LinkTokens,
  addressing: Addressing,
): OutgoingMail {
  let own: EmailContent | null = null;
  const copy = (): EmailContent => (own ??= personalise(shared.content, placeholders, tokens));
  return {
    ...addressing,
    subject: shared.content.subject,
    get text(): string {
      return copy().text;
    },
    get html(): string {
      return copy().html;
    },
    personal: { shared, values: [tokens.manage, tokens.unsubscribe] },
  };
}

export function personalise(content: EmailContent, placeholders: LinkTokens, tokens: LinkTokens): EmailContent {
  const swap = (s: string): string => s.replaceAll(placeholders.manage, tokens.manage).replaceAll(placeholders.unsubscribe, tokens.unsubscribe);
  return { subject: content.subject, text: swap(content.text), html: swap(content.html) };
}
