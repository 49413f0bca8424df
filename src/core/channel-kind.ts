/**
 * Where a subscriber or a team channel is reached. `email` goes through SMTP; the others are an
 * HTTPS POST to an endpoint the subscriber (or the owner) gave: a signed Standard Webhooks call,
 * or a chat platform's incoming webhook.
 */
export const CHANNEL_KINDS = ['email', 'webhook', 'slack', 'teams', 'discord'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** The kinds reached over HTTP: everything but email. Team channels are always one of these. */
export const ENDPOINT_KINDS = ['webhook', 'slack', 'teams', 'discord'] as const;
export type EndpointKind = (typeof ENDPOINT_KINDS)[number];

export const CHANNEL_KIND_LABELS: Readonly<Record<ChannelKind, string>> = {
  email: 'Email',
  webhook: 'Webhook',
  slack: 'Slack',
  teams: 'Microsoft Teams',
  discord: 'Discord',
};

export function isChannelKind(value: unknown): value is ChannelKind {
  return typeof value === 'string' && (CHANNEL_KINDS as readonly string[]).includes(value);
}

export function isEndpointKind(value: unknown): value is EndpointKind {
  return typeof value === 'string' && (ENDPOINT_KINDS as readonly string[]).includes(value);
}
