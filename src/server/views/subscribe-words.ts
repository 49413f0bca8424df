import { CHANNEL_KIND_LABELS, type ChannelKind, type EndpointKind } from '../../core/channel-kind.js';

/** Words a visitor reads on /subscribe about how updates reach them (the email path's words stay in the page). */
export const SUBSCRIBE_WORDS = {
  viaLegend: 'How do you want to get updates?',
  viaLabel: (kind: ChannelKind): string => (kind === 'webhook' ? 'Webhook (your own automation)' : CHANNEL_KIND_LABELS[kind]),
  emailLabel: 'Email address',
  emailHint: 'For a webhook or chat channel: the contact we write to if the endpoint keeps failing.',
  endpointLabel: 'Endpoint URL (webhook, Slack, Teams or Discord)',
  endpointHint: 'Needed for every choice but email: the URL your automation or the channel’s incoming webhook listens on.',
  unknownVia: 'Choose how you want to get updates: email, webhook, Slack, Microsoft Teams or Discord.',
  endpointMissing: 'Enter the endpoint URL to send updates to.',
  webhookDoneTitle: 'Your webhook is subscribed.',
  webhookSecretIntro: 'This is its signing secret. It is shown only this once: copy it now.',
  webhookVerify:
    'Every call is signed per the Standard Webhooks specification: check the webhook-signature header (v1, base64 HMAC-SHA256 of “webhook-id.webhook-timestamp.body” with this secret) before trusting a call. A test call is on its way now.',
  webhookSpecLink: 'Standard Webhooks specification',
  chatDone: (kind: EndpointKind): string =>
    `Your ${CHANNEL_KIND_LABELS[kind]} channel is subscribed. A test message is on its way now; every update for what you chose follows, each with a link to unsubscribe.`,
} as const;

export const STANDARD_WEBHOOKS_URL = 'https://www.standardwebhooks.com';
