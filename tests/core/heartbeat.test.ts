import { describe, expect, it } from 'vitest';
import { heartbeatDeadline, isHeartbeatMissed, pingRetryAfter } from '../../src/core/heartbeat.js';

const T0 = Date.UTC(2026, 11, 4, 12);
const hb = { periodSeconds: 300, graceSeconds: 60, lastPingAt: null as number | null, createdAt: T0 };

describe('a heartbeat', () => {
  it('is on time from its creation until period + grace have passed without a ping', () => {
    expect(heartbeatDeadline(hb)).toBe(T0 + 360_000);
    expect(isHeartbeatMissed(hb, T0 + 360_000)).toBe(false);
    expect(isHeartbeatMissed(hb, T0 + 360_001)).toBe(true);
  });

  it('counts from the last ping once it has pinged', () => {
    const pinged = { ...hb, lastPingAt: T0 + 1_000_000 };
    expect(isHeartbeatMissed(pinged, T0 + 1_000_000 + 359_000)).toBe(false);
    expect(isHeartbeatMissed(pinged, T0 + 1_000_000 + 361_000)).toBe(true);
  });

  it('with no grace is missed just after one period', () => {
    const strict = { ...hb, graceSeconds: 0 };
    expect(isHeartbeatMissed(strict, T0 + 300_000)).toBe(false);
    expect(isHeartbeatMissed(strict, T0 + 300_001)).toBe(true);
  });

  it('refuses pings less than a second apart and says how long to wait', () => {
    expect(pingRetryAfter(null, T0)).toBe(0);
    expect(pingRetryAfter(T0, T0 + 400)).toBe(600);
    expect(pingRetryAfter(T0, T0 + 1_000)).toBe(0);
  });
});
