import type { AstroCookies } from 'astro';
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { pendingSignIns } from '../../../db/schema.js';
import { generateToken, hashToken } from './tokens.js';

export const PENDING_COOKIE = 'beacon_pending_sign_in';
/** Long enough to type a code or pass the provider's pages, short enough that a stolen cookie soon means nothing. */
export const PENDING_LIFETIME_MS = 10 * 60_000;

export type PendingKind = 'oidc' | 'totp';
export type PendingSignIn = typeof pendingSignIns.$inferSelect;

/** Stores a pending step; the browser gets the token in a cookie, only its hash is kept. */
export function startPendingSignIn(
  db: Db,
  values: Omit<PendingSignIn, 'id' | 'expiresAt'>,
  now: number,
): { token: string; expiresAt: number } {
  const token = generateToken();
  const expiresAt = now + PENDING_LIFETIME_MS;
  db.delete(pendingSignIns).where(lt(pendingSignIns.expiresAt, now)).run();
  db.insert(pendingSignIns).values({ ...values, id: hashToken(token), expiresAt }).run();
  return { token, expiresAt };
}

/** The pending step behind a cookie, if it is of this kind and not expired. */
export function findPendingSignIn(db: Db, token: string | undefined, kind: PendingKind, now: number): PendingSignIn | null {
  if (!token) return null;
  const row = db.select().from(pendingSignIns).where(and(eq(pendingSignIns.id, hashToken(token)), eq(pendingSignIns.kind, kind))).get();
  return row && row.expiresAt > now ? row : null;
}

/** Used once: a replayed callback or code finds nothing. */
export function endPendingSignIn(db: Db, id: string): void {
  db.delete(pendingSignIns).where(eq(pendingSignIns.id, id)).run();
}

export function setPendingCookie(cookies: AstroCookies, token: string, expiresAt: number, secure: boolean): void {
  // Lax: the provider's redirect back is a top-level GET navigation, which carries Lax cookies.
  cookies.set(PENDING_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/admin', expires: new Date(expiresAt) });
}

export function deletePendingCookie(cookies: AstroCookies, secure: boolean): void {
  cookies.set(PENDING_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure, path: '/admin', maxAge: 0 });
}
