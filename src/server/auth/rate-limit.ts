import { and, count, gte, inArray, lt, min } from 'drizzle-orm';
import { type Db, writeTransaction } from '../../../db/client.js';
import { loginFailures } from '../../../db/schema.js';

const MINUTE = 60_000;

/** Failed sign-ins allowed per window before that key is refused until the window clears. */
export const LOGIN_LIMITS = {
  /** Guessing one account's password. */
  email: { failures: 5, windowMs: 15 * MINUTE },
  /** One address trying many accounts. */
  ip: { failures: 20, windowMs: 15 * MINUTE },
} as const;

export interface LoginKeys {
  readonly email: string;
  readonly ip: string;
}

const keysOf = (k: LoginKeys): { email: string; ip: string } => ({ email: `email:${k.email.toLowerCase()}`, ip: `ip:${k.ip}` });

/** How long until a sign-in may be tried again (ms), 0 when it may be tried now. */
export function loginRetryAfter(db: Db, k: LoginKeys, now: number): number {
  const keys = keysOf(k);
  let wait = 0;
  for (const kind of ['email', 'ip'] as const) {
    const limit = LOGIN_LIMITS[kind];
    const row = db
      .select({ n: count(), oldest: min(loginFailures.at) })
      .from(loginFailures)
      .where(and(inArray(loginFailures.key, [keys[kind]]), gte(loginFailures.at, now - limit.windowMs)))
      .get();
    if (row && row.n >= limit.failures && row.oldest !== null) wait = Math.max(wait, row.oldest + limit.windowMs - now);
  }
  return wait;
}

export type Reservation = { readonly ok: true; readonly ids: readonly number[] } | { readonly ok: false; readonly retryAfterMs: number };

/**
 * Checks the limits and counts this attempt as a failure in one synchronous step, before the
 * (slow, asynchronous) password check: concurrent attempts cannot all slip under the limit.
 * A successful attempt gives its reservation back with releaseLoginAttempt.
 */
export function reserveLoginAttempt(db: Db, k: LoginKeys, now: number): Reservation {
  return writeTransaction(db, (tx) => {
    const wait = loginRetryAfter(tx, k, now);
    if (wait > 0) return { ok: false as const, retryAfterMs: wait };
    const keys = keysOf(k);
    const ids = tx
      .insert(loginFailures)
      .values([{ key: keys.email, at: now }, { key: keys.ip, at: now }])
      .returning({ id: loginFailures.id })
      .all()
      .map((r) => r.id);
    const longest = Math.max(LOGIN_LIMITS.email.windowMs, LOGIN_LIMITS.ip.windowMs);
    tx.delete(loginFailures).where(lt(loginFailures.at, now - longest)).run();
    return { ok: true as const, ids };
  });
}

/** A successful sign-in: its own reservation is withdrawn and the account's failures forgotten (not the address's). */
export function releaseLoginAttempt(db: Db, k: LoginKeys, ids: readonly number[]): void {
  db.delete(loginFailures).where(inArray(loginFailures.id, [...ids])).run();
  db.delete(loginFailures).where(inArray(loginFailures.key, [keysOf(k).email])).run();
}
