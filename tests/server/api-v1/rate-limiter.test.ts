import { describe, expect, it } from 'vitest';
import { TokenRateLimiter } from '../../../src/server/api-v1/rate-limiter.js';

describe('TokenRateLimiter', () => {
  it('does not drain a token’s allowance when the clock steps back', () => {
    const limiter = new TokenRateLimiter(10);
    const now = 1_800_000_000_000;
    expect(limiter.take('t', now)).toBe(0);
    // Half an hour earlier: a stepped-back clock, not 18,000 requests' worth of debt.
    expect(limiter.take('t', now - 30 * 60_000)).toBe(0);
    expect(limiter.take('t', now)).toBe(0);
  });
});
