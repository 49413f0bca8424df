import type { EndpointKind } from '../../core/channel-kind.js';
import type { RetryPolicy } from '../../core/delivery.js';
import { DEFAULT_QUARANTINE_POLICY, type QuarantinePolicy } from '../../core/endpoint-failure.js';

/**
 * How each endpoint channel is sent: its own concurrency, timeout and retry policy, so a slow or
 * failing receiver holds only its own lane's slots, never mail's or another channel's.
 */
export interface LanePolicy {
  /** POSTs in flight at once. */
  readonly concurrency: number;
  /** Connect to last byte of one POST, ms. Short: a receiver should answer at once and work later. */
  readonly timeoutMs: number;
  /** How long a claimed row stays ours, ms: well above the timeout, so a send ends before its lease. */
  readonly leaseMs: number;
  readonly retry: RetryPolicy;
  readonly quarantine: QuarantinePolicy;
}

/**
 * Eight attempts from 30 s doubling to at most an hour, with jitter (core/delivery.ts): a row is
 * given up after about two hours. Chat platforms rate-limit per webhook (Slack one message a second,
 * Discord about five per two seconds), so their lanes are narrower than the webhook lane.
 */
const RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 30_000, maxDelayMs: 60 * 60_000 };

export const LANE_POLICIES: Readonly<Record<EndpointKind, LanePolicy>> = {
  webhook: { concurrency: 32, timeoutMs: 10_000, leaseMs: 60_000, retry: RETRY, quarantine: DEFAULT_QUARANTINE_POLICY },
  slack: { concurrency: 8, timeoutMs: 10_000, leaseMs: 60_000, retry: RETRY, quarantine: DEFAULT_QUARANTINE_POLICY },
  teams: { concurrency: 8, timeoutMs: 10_000, leaseMs: 60_000, retry: RETRY, quarantine: DEFAULT_QUARANTINE_POLICY },
  discord: { concurrency: 8, timeoutMs: 10_000, leaseMs: 60_000, retry: RETRY, quarantine: DEFAULT_QUARANTINE_POLICY },
};

/** Largest answer body read from a receiver, bytes; only the status matters. */
export const ENDPOINT_MAX_ANSWER_BYTES = 16 * 1024;
