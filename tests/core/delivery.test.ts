import { describe, expect, it } from 'vitest';
import { classifySendFailure, DEFAULT_RETRY_POLICY, DELIVERY_KINDS, DELIVERY_STATES, nextAttemptAt, type RetryPolicy } from '../../src/core/delivery.js';

const NOW = Date.UTC(2026, 10, 22, 14, 5);
const SECOND = 1_000;
/** Large enough that the cap is reached well before the last attempt. */
const POLICY: RetryPolicy = { maxAttempts: 20, baseDelayMs: 10 * SECOND, maxDelayMs: 300 * SECOND };
/** The largest double below 1: `random` is in [0, 1). */
const ALMOST_ONE = 1 - Number.EPSILON / 2;

describe('delivery tuples', () => {
  it('lists the kinds and states the outbox stores', () => {
    expect(DELIVERY_KINDS).toEqual(['confirm', 'update', 'postmortem', 'channel_test', 'quarantine_notice', 'team_event', 'component_update']);
    expect(DELIVERY_STATES).toEqual(['pending', 'sent', 'failed', 'cancelled']);
  });
});

describe('nextAttemptAt', () => {
  it('waits half the nominal delay with the lowest draw and (almost) all of it with the highest', () => {
    expect(nextAttemptAt(1, NOW, 0, POLICY)).toBe(NOW + 5 * SECOND);
    expect(nextAttemptAt(1, NOW, ALMOST_ONE, POLICY)).toBe(NOW + 10 * SECOND);
    expect(nextAttemptAt(1, NOW, 0.5, POLICY)).toBe(NOW + 7.5 * SECOND);
  });

  it('doubles the nominal delay with each further failure', () => {
    const delays = [1, 2, 3, 4, 5].map((attempt) => nextAttemptAt(attempt, NOW, 0, POLICY)! - NOW);
    expect(delays).toEqual([5, 10, 20, 40, 80].map((s) => s * SECOND));
  });

  it('never waits longer than maxDelayMs, however many attempts failed', () => {
    // 10 s · 2^5 = 320 s > the 300 s cap from attempt 6 on.
    expect(nextAttemptAt(5, NOW, ALMOST_ONE, POLICY)! - NOW).toBe(160 * SECOND);
    for (const attempt of [6, 7, 12, 19]) {
      expect(nextAttemptAt(attempt, NOW, 0, POLICY)! - NOW).toBe(150 * SECOND);
      expect(nextAttemptAt(attempt, NOW, ALMOST_ONE, POLICY)! - NOW).toBe(300 * SECOND);
    }
  });

  it('stays within [nominal/2, nominal] for any draw in [0, 1), as whole milliseconds', () => {
    for (let attempt = 1; attempt < POLICY.maxAttempts; attempt++) {
      const nominal = Math.min(POLICY.maxDelayMs, POLICY.baseDelayMs * 2 ** (attempt - 1));
      for (let i = 0; i < 50; i++) {
        const random = i / 50 + 0.0137;
        const at = nextAttemptAt(attempt, NOW, random % 1, POLICY)!;
        expect(Number.isInteger(at)).toBe(true);
        expect(at - NOW).toBeGreaterThanOrEqual(nominal / 2);
        expect(at - NOW).toBeLessThanOrEqual(nominal);
      }
    }
  });

  it('grows with the draw, so jitter actually spreads retries', () => {
    const draws = [0, 0.25, 0.5, 0.75, 0.99].map((r) => nextAttemptAt(3, NOW, r, POLICY)!);
    expect(new Set(draws).size).toBe(draws.length);
    expect([...draws].sort((a, b) => a - b)).toEqual(draws);
  });

  it('gives up (null) once attempt maxAttempts has failed, and after', () => {
    expect(nextAttemptAt(POLICY.maxAttempts - 1, NOW, 0, POLICY)).not.toBeNull();
    expect(nextAttemptAt(POLICY.maxAttempts, NOW, 0, POLICY)).toBeNull();
    expect(nextAttemptAt(POLICY.maxAttempts + 3, NOW, 0.5, POLICY)).toBeNull();
  });

  it('treats attempt 0 like the first failure rather than waiting less', () => {
    expect(nextAttemptAt(0, NOW, 0, POLICY)).toBe(nextAttemptAt(1, NOW, 0, POLICY));
  });

  it('uses the default policy when none is given: 30 s doubling, 8 attempts', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ maxAttempts: 8, baseDelayMs: 30_000, maxDelayMs: 3_600_000 });
    expect(nextAttemptAt(1, NOW, 0)).toBe(NOW + 15 * SECOND);
    expect(nextAttemptAt(7, NOW, ALMOST_ONE)).toBe(NOW + 30 * SECOND * 64);
    expect(nextAttemptAt(8, NOW, 0)).toBeNull();
  });
});

describe('classifySendFailure', () => {
  const cases: [number | null, Parameters<typeof classifySendFailure>[1], 'temporary' | 'permanent'][] = [
    // No SMTP reply at all: refused connection, timeout, broken pipe.
    [null, 'connection', 'temporary'],
    [null, 'recipient', 'temporary'],
    [null, 'data', 'temporary'],
    // 4xx: try later, whatever the stage.
    [421, 'connection', 'temporary'],
    [450, 'recipient', 'temporary'],
    [452, 'recipient', 'temporary'],
    [451, 'data', 'temporary'],
    [499, 'recipient', 'temporary'],
    // 5xx about the recipient: the address is bad.
    [500, 'recipient', 'permanent'],
    [550, 'recipient', 'permanent'],
    [551, 'recipient', 'permanent'],
    [553, 'recipient', 'permanent'],
    [599, 'recipient', 'permanent'],
    // 5xx for the whole session is our configuration: never quarantine the list for it.
    [530, 'connection', 'temporary'],
    [535, 'connection', 'temporary'],
    [554, 'connection', 'temporary'],
    [550, 'sender', 'temporary'],
    [553, 'sender', 'temporary'],
    [554, 'data', 'temporary'],
    [552, 'data', 'temporary'],
    // Nonsense codes are not a reason to drop an address.
    [600, 'recipient', 'temporary'],
    [250, 'recipient', 'temporary'],
  ];
  it.each(cases)('%s at %s → %s', (code, stage, expected) => {
    expect(classifySendFailure(code, stage)).toBe(expected);
  });
});
