import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { sessions, users } from '../../../db/schema.js';
import type { Role } from '../../core/policy.js';
import { generateToken, hashToken } from './tokens.js';

const DAY = 86_400_000;
/** Sessions last 30 days from the last renewal... */
export const SESSION_LIFETIME_MS = 30 * DAY;
/** ...and are renewed by any request in their last 15 days, so an active person stays signed in. */
export const SESSION_RENEW_WITHIN_MS = 15 * DAY;

export interface Session {
  readonly id: string;
  readonly userId: string;
  readonly expiresAt: number;
}

export interface SessionUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
}

export type SessionValidation = { session: Session; user: SessionUser; renewed: boolean } | null;

/** Starts a session; the token goes to the browser, only its hash to the database. */
export function createSession(db: Db, userId: string, now: number): { token: string; session: Session } {
  const token = generateToken();
  const session = { id: hashToken(token), userId, expiresAt: now + SESSION_LIFETIME_MS };
  db.insert(sessions).values({ ...session, createdAt: now }).run();
  return { token, session };
}

/** The session and user behind a token, or null; expired sessions are deleted, ageing ones renewed. */
export function validateSessionToken(db: Db, token: string, now: number): SessionValidation {
  const id = hashToken(token);
  const row = db
    .select({
      session: { id: sessions.id, userId: sessions.userId, expiresAt: sessions.expiresAt },
      user: { id: users.id, email: users.email, name: users.name, role: users.role },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id))
    .get();
  if (!row) return null;
  if (now >= row.session.expiresAt) {
    db.delete(sessions).where(eq(sessions.id, id)).run();
    return null;
  }
  if (now >= row.session.expiresAt - SESSION_RENEW_WITHIN_MS) {
    const expiresAt = now + SESSION_LIFETIME_MS;
    db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id)).run();
    return { session: { ...row.session, expiresAt }, user: row.user, renewed: true };
  }
  return { session: row.session, user: row.user, renewed: false };
}

export function invalidateSession(db: Db, sessionId: string): void {
  db.delete(sessions).where(eq(sessions.id, sessionId)).run();
}

/** Signs a person out everywhere (password change, removal). */
export function invalidateUserSessions(db: Db, userId: string): void {
  db.delete(sessions).where(eq(sessions.userId, userId)).run();
}
