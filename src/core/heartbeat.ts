/**
 * Heartbeats: a job pings Beacon every period; silence for longer than period + grace means it
 * stopped. Pure: the clock is passed in, all instants are epoch ms.
 */

/** Bounds on what an owner may enter, in seconds: from a ping a minute to one a month; grace up to a week. */
export const HEARTBEAT_PERIOD_SECONDS = { min: 60, max: 31 * 86_400 } as const;
export const HEARTBEAT_GRACE_SECONDS = { min: 0, max: 7 * 86_400 } as const;

/** Pings closer together than this (ms) are refused: a looping client cannot make us write on every request. */
export const HEARTBEAT_MIN_PING_GAP_MS = 1_000;

export interface HeartbeatTiming {
  readonly periodSeconds: number;
  readonly graceSeconds: number;
  /** Null until the first ping: then the clock runs from creation. */
  readonly lastPingAt: number | null;
  readonly createdAt: number;
}

/** The last instant at which the heartbeat is still on time (epoch ms). */
export function heartbeatDeadline(h: HeartbeatTiming): number {
  return (h.lastPingAt ?? h.createdAt) + (h.periodSeconds + h.graceSeconds) * 1000;
}

/** Whether the heartbeat has missed its period (and grace) at `now`. */
export function isHeartbeatMissed(h: HeartbeatTiming, now: number): boolean {
  return now > heartbeatDeadline(h);
}

/** 0 when a ping at `now` may be counted, else ms until one may. */
export function pingRetryAfter(lastPingAt: number | null, now: number): number {
  if (lastPingAt === null) return 0;
  const wait = lastPingAt + HEARTBEAT_MIN_PING_GAP_MS - now;
  return wait > 0 ? wait : 0;
}
