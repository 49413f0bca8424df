/**
 * Outbox rules: what a delivery row is for, the states it moves through, and how long to wait
 * before trying again. Pure: the caller passes `now` and the random draw used for jitter.
 */

/**
 * What a delivery announces. `channel_test` is the one test call a new endpoint subscriber gets;
 * `quarantine_notice` the one mail telling an endpoint's contact it was quarantined; `team_event`
 * a team channel's event, whose facts ride in the payload; `component_update` one change of a
 * component's status (its row in component_status_changes), for endpoint subscribers.
 */
export const DELIVERY_KINDS = ['confirm', 'update', 'postmortem', 'channel_test', 'quarantine_notice', 'team_event', 'component_update'] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];

/**
 * pending → sent, or pending → failed after the last attempt, or pending → cancelled when the
 * subscriber left or was quarantined before it went out. An admin may put failed rows back to pending.
 */
export const DELIVERY_STATES = ['pending', 'sent', 'failed', 'cancelled'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface RetryPolicy {
  /** Attempts before a row is marked failed. */
  readonly maxAttempts: number;
  /** Delay after the first failure, ms; doubles with each further failure. */
  readonly baseDelayMs: number;
  /** Upper bound of any one delay, ms. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 30_000, maxDelayMs: 60 * 60_000 };

/**
 * When to try again after failed attempt number `attempts` (1-based), or null when that was the last.
 * "Equal jitter": a uniform draw in [delay/2, delay] spreads retries so a recovering SMTP server is not
 * hit by every row at once, while never retrying sooner than half the nominal delay.
 * `random` is in [0, 1).
 */
export function nextAttemptAt(attempts: number, now: number, random: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number | null {
  if (attempts >= policy.maxAttempts) return null;
  const nominal = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return now + Math.round(nominal / 2 + (nominal / 2) * random);
}

export type SendFailure = 'temporary' | 'permanent';

/**
 * How to treat a failed send. An SMTP reply code 5xx about the recipient is permanent (the address
 * will not start working by itself); 4xx and anything without a reply (refused connection, timeout,
 * broken pipe) is temporary. A 5xx for the whole session (e.g. 530 authentication required, 554
 * refused before any recipient) is our configuration, not the subscriber's address: temporary too,
 * so a misconfigured relay never quarantines the whole list.
 */
export function classifySendFailure(responseCode: number | null, stage: 'connection' | 'sender' | 'recipient' | 'data'): SendFailure {
  if (responseCode === null || responseCode < 500 || responseCode >= 600) return 'temporary';
  return stage === 'recipient' ? 'permanent' : 'temporary';
}
