import { and, count, gte, inArray, lt, min } from 'drizzle-orm';
import { type Db, writeTransaction } from '../../../db/client.js';
import { loginFailures } from '../../../db/schema.js';

const MINUTE = 60_000;

/** Attempts allowed per key in a sliding window before that key is refused until the window clears. */
export interface Limit {
  readonly attempts: number;
  readonly windowMs: number;
}

/**
 * Every limit kept in the database, each counting rows under its own key prefix in one table
 * (login_failures, named for its first use), so that a restart resets none of them.
 */
export const RATE_LIMITS = {
  /** Guessing one account's password. */
  email: { attempts: 5, windowMs: 15 * MINUTE },
  /** One address trying many accounts. */
  ip: { attempts: 20, windowMs: 15 * MINUTE },
  /** Subscription requests from one address: plenty for people, a wall for a script. */
  subscribe: { attempts: 10, windowMs: 10 * MINUTE },
} as const satisfies Record<string, Limit>;

export type LimitKind = keyof typeof RATE_LIMITS;

/** One counted key: the kind of limit and what it counts (an address, an account). */
export interface Counted {
  readonly kind: LimitKind;
  readonly subject: string;
}

/** Rows older than every window count for nothing and are pruned on each reservation. */
const LONGEST_WINDOW_MS = Math.max(...Object.values(RATE_LIMITS).map((l) => l.windowMs));

const keyOf = (c: Counted): string => `${c.kind}:${c.subject}`;

/** How long until an attempt counted under `keys` may be made (ms), 0 when it may be made now. */
export function retryAfter(db: Db, keys: readonly Counted[], now: number): number {
  let wait = 0;
  for (const c of keys) {
    const limit = RATE_LIMITS[c.kind];
    const row = db
      .select({ n: count(), oldest: min(loginFailures.at) })
      .from(loginFailures)
      .where(and(inArray(loginFailures.key, [keyOf(c)]), gte(loginFailures.at, now - limit.windowMs)))
      .get();
    if (row && row.n >= limit.attempts && row.oldest !== null) wait = Math.max(wait, row.oldest + limit.windowMs - now);
  }
  return wait;
}

export type Reservation = { readonly ok: true; readonly ids: readonly number[] } | { readonly ok: false; readonly retryAfterMs: number };

/**
 * Checks every limit and counts this attempt under each key in one synchronous step, before any
 * slow, asynchronous work: concurrent attempts cannot all slip under the limit. A refused attempt
 * is not counted. The ids let an attempt that should not count (a good password) be given back.
 */
export function reserveAttempt(db: Db, keys: readonly Counted[], now: number): Reservation {
  return writeTransaction(db, (tx) => {
    const wait = retryAfter(tx, keys, now);
    if (wait > 0) return { ok: false as const, retryAfterMs: wait };
    const ids = tx
      .insert(loginFailures)
      .values(keys.map((c) => ({ key: keyOf(c), at: now })))
      .returning({ id: loginFailures.id })
      .all()
      .map((r) => r.id);
    tx.delete(loginFailures).where(lt(loginFailures.at, now - LONGEST_WINDOW_MS)).run();
    return { ok: true as const, ids };
  });
}

/** Withdraws counted attempts (by reservation id) and, for `forget`, everything counted under those keys. */
export function releaseAttempt(db: Db, ids: readonly number[], forget: readonly Counted[] = []): void {
  db.delete(loginFailures).where(inArray(loginFailures.id, [...ids])).run();
  if (forget.length > 0) db.delete(loginFailures).where(inArray(loginFailures.key, forget.map(keyOf))).run();
}

// Sign-in: every attempt counts against the account and the address until it succeeds.

export const LOGIN_LIMITS = { email: RATE_LIMITS.email, ip: RATE_LIMITS.ip } as const;

export interface LoginKeys {
  readonly email: string;
  readonly ip: string;
}

const accountKey = (email: string): Counted => ({ kind: 'email', subject: email.toLowerCase() });
const loginKeys = (k: LoginKeys): readonly Counted[] => [accountKey(k.email), { kind: 'ip', subject: k.ip }];

/** How long until a sign-in may be tried again (ms), 0 when it may be tried now. */
export const loginRetryAfter = (db: Db, k: LoginKeys, now: number): number => retryAfter(db, loginKeys(k), now);

/** Counts a sign-in attempt as a failure before the password is checked (see reserveAttempt). */
export const reserveLoginAttempt = (db: Db, k: LoginKeys, now: number): Reservation => reserveAttempt(db, loginKeys(k), now);

/** A successful sign-in: its own reservation is withdrawn and the account's failures forgotten (not the address's). */
export function releaseLoginAttempt(db: Db, k: LoginKeys, ids: readonly number[]): void {
  releaseAttempt(db, ids, [accountKey(k.email)]);
}

// Subscribing: every request counts against the address it came from.

/** Counts a subscription request from `address`; refused (and not counted) past RATE_LIMITS.subscribe. */
export const reserveSubscribeAttempt = (db: Db, address: string, now: number): Reservation => reserveAttempt(db, [{ kind: 'subscribe', subject: address }], now);
