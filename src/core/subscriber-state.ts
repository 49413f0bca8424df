/**
 * A subscriber's life cycle. Only `active` addresses receive notifications; `unconfirmed`
 * ones receive the confirmation mail and nothing else. `quarantined` follows a permanent
 * delivery failure (SMTP 5xx) until an admin reactivates the address.
 */
export const SUBSCRIBER_STATES = ['unconfirmed', 'active', 'unsubscribed', 'quarantined'] as const;
export type SubscriberState = (typeof SUBSCRIBER_STATES)[number];

export const SUBSCRIBER_STATE_LABELS: Readonly<Record<SubscriberState, string>> = {
  unconfirmed: 'Unconfirmed',
  active: 'Active',
  unsubscribed: 'Unsubscribed',
  quarantined: 'Quarantined',
};

export function isSubscriberState(value: unknown): value is SubscriberState {
  return typeof value === 'string' && (SUBSCRIBER_STATES as readonly string[]).includes(value);
}

/** Days an unconfirmed address is kept before it is purged. */
export const UNCONFIRMED_RETENTION_DAYS = 7;
/** Hours a confirmation link stays valid. */
export const CONFIRM_TOKEN_HOURS = 48;
