/**
 * Requests per second per token, as a token bucket: a steady `ratePerSecond`, bursts up to the
 * same number. Kept in memory on purpose: the window is one second, so a restart (which takes
 * longer than that) forgets nothing that still matters, and no request pays a database write.
 */
export class TokenRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly ratePerSecond: number) {}

  /** 0 when the request may go ahead (and is counted), else milliseconds until it may. */
  take(key: string, now: number): number {
    const capacity = this.ratePerSecond;
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now };
    // A clock stepping back (NTP, a test's earlier `now`) refills nothing rather than draining the bucket.
    bucket.tokens = Math.min(capacity, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * this.ratePerSecond);
    bucket.at = Math.max(bucket.at, now);
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / this.ratePerSecond) * 1000);
  }
}
