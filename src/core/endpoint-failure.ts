/**
 * How a failed POST to a subscriber's or team's endpoint is treated. Pure.
 *
 * - `temporary`: no answer, a timeout, 5xx, 408, 425 or 429 — try the row again after a backoff.
 * - `rejected`: any other 4xx or a redirect (we follow none) — the same body will get the same
 *   answer, so the row fails now; it still counts towards the endpoint's run of failures.
 * - `gone`: 404 or 410 — the webhook was deleted (Slack and Discord answer so for a removed
 *   webhook): quarantine at once.
 */
export type EndpointFailure = 'temporary' | 'rejected' | 'gone';

export function classifyEndpointStatus(status: number | null): EndpointFailure | null {
  if (status === null) return 'temporary';
  if (status >= 200 && status < 300) return null;
  if (status === 404 || status === 410) return 'gone';
  if (status >= 500 || status === 408 || status === 425 || status === 429) return 'temporary';
  return 'rejected';
}

/**
 * When an endpoint is quarantined: after at least `minFailures` failed attempts in a row that span
 * at least `minSpanMs` — one bad hour during an outage of the receiver is not enough, a day of
 * nothing but failures is. A success anywhere resets the run.
 */
export interface QuarantinePolicy {
  readonly minFailures: number;
  readonly minSpanMs: number;
}

export const DEFAULT_QUARANTINE_POLICY: QuarantinePolicy = { minFailures: 10, minSpanMs: 24 * 60 * 60_000 };

export function shouldQuarantine(failures: number, failingSince: number, now: number, policy: QuarantinePolicy): boolean {
  return failures >= policy.minFailures && now - failingSince >= policy.minSpanMs;
}
