import { describe, expect, it } from 'vitest';
import { TokenRateLimiter } from '../../../src/server/api-v1/rate-limiter.js';

describe('TokenRateLimiter', () => {
  it('lets a burst of the rate through, then says how long to wait, per token', () => {
    const limiter = new TokenRateLimiter(2);
    expect([limiter.take('a', 0), limiter.take('a', 0)]).toEqual([0, 0]);
    expect(limiter.take('a', 0)).toBe(500);
    expect(limiter.take('b', 0)).toBe(0);
    expect(limiter.take('a', 500)).toBe(0);
  });

  it('does not lock a token out when the clock steps back', () => {
    const limiter = new TokenRateLimiter(2);
    expect(limiter.take('a', 60_000)).toBe(0);
    expect(limiter.take('a', 0)).toBe(0);
    expect(limiter.take('a', 0)).toBe(500);
    expect(limiter.take('a', 60_500)).toBe(0);
  });

  it('does not drain a token’s allowance when the clock steps back', () => {
    const limiter = new TokenRateLimiter(10);
    const now = 1_800_000_000_000;
    expect(limiter.take('t', now)).toBe(0);
    // Half an hour earlier: a stepped-back clock, not 18,000 requests' worth of debt.
    expect(limiter.take('t', now - 30 * 60_000)).toBe(0);
    expect(limiter.take('t', now)).toBe(0);
  });
});
