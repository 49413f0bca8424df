import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessions, users } from '../../../db/schema.js';
import { SYSTEM } from '../../../src/server/audit.js';
import {
  createSession,
  invalidateSession,
  invalidateUserSessions,
  SESSION_LIFETIME_MS,
  SESSION_RENEW_WITHIN_MS,
  validateSessionToken,
} from '../../../src/server/auth/session.js';
import { hashToken } from '../../../src/server/auth/tokens.js';
import { createUser } from '../../../src/server/auth/users.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 4, 13, 12, 0);

let t: TempDatabase;
let ana: string;
let ben: string;
beforeEach(async () => {
  t = tempDatabase();
  ana = (await createUser(t.db, { email: 'Ana@Example.com', name: 'Ana Lima', role: 'editor', password: 'correct horse battery' }, SYSTEM, NOW)).id;
  ben = (await createUser(t.db, { email: 'ben@example.com', name: 'Ben', role: 'viewer', password: 'another long password' }, SYSTEM, NOW)).id;
});
afterEach(() => t.dispose());

const rowOf = (id: string) => t.db.select().from(sessions).where(eq(sessions.id, id)).get();

describe('session lifetime constants', () => {
  it('lasts 30 days and renews in the last 15', () => {
    expect(SESSION_LIFETIME_MS).toBe(30 * DAY);
    expect(SESSION_RENEW_WITHIN_MS).toBe(15 * DAY);
  });
});

describe('createSession', () => {
  it('stores a session for the user that expires in 30 days', () => {
    const { token, session } = createSession(t.db, ana, NOW);
    expect(session).toEqual({ id: hashToken(token), userId: ana, expiresAt: NOW + 30 * DAY });
    expect(rowOf(session.id)).toEqual({ id: session.id, userId: ana, expiresAt: NOW + 30 * DAY, createdAt: NOW });
  });

  it('gives every session its own token', () => {
    const a = createSession(t.db, ana, NOW);
    const b = createSession(t.db, ana, NOW);
    expect(a.token).not.toBe(b.token);
    expect(t.db.select().from(sessions).all()).toHaveLength(2);
  });
});

describe('validateSessionToken', () => {
  it('returns the session and its user', () => {
    const { token, session } = createSession(t.db, ana, NOW);
    expect(validateSessionToken(t.db, token, NOW + 1000)).toEqual({
      session,
      user: { id: ana, email: 'ana@example.com', name: 'Ana Lima', role: 'editor' },
      renewed: false,
    });
  });

  it('tells sessions of different users apart', () => {
    const a = createSession(t.db, ana, NOW);
    const b = createSession(t.db, ben, NOW);
    expect(validateSessionToken(t.db, a.token, NOW)?.user.id).toBe(ana);
    expect(validateSessionToken(t.db, b.token, NOW)?.user.id).toBe(ben);
  });

  it('is null for an unknown token, and for the stored hash used as a token', () => {
    const { session } = createSession(t.db, ana, NOW);
    expect(validateSessionToken(t.db, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', NOW)).toBeNull();
    expect(validateSessionToken(t.db, '', NOW)).toBeNull();
    // A leaked sessions table must not sign anyone in.
    expect(validateSessionToken(t.db, session.id, NOW)).toBeNull();
    expect(rowOf(session.id)).toBeDefined();
  });

  it('is null once expired, and deletes the expired row', () => {
    const { token, session } = createSession(t.db, ana, NOW);
    const other = createSession(t.db, ana, NOW + DAY);
    expect(validateSessionToken(t.db, token, session.expiresAt)).toBeNull();
    expect(rowOf(session.id)).toBeUndefined();
    // Still null afterwards, and the other session is untouched.
    expect(validateSessionToken(t.db, token, NOW)).toBeNull();
    expect(rowOf(other.session.id)?.expiresAt).toBe(NOW + 31 * DAY);
  });

  it('does not renew before the last 15 days', () => {
    const { token, session } = createSession(t.db, ana, NOW);
    const at = session.expiresAt - 15 * DAY - 1;
    const result = validateSessionToken(t.db, token, at);
    expect(result?.renewed).toBe(false);
    expect(result?.session.expiresAt).toBe(NOW + 30 * DAY);
    expect(rowOf(session.id)?.expiresAt).toBe(NOW + 30 * DAY);
  });

  it.each([
    ['exactly 15 days before expiry', 15 * DAY],
    ['one day before expiry', DAY],
    ['one millisecond before expiry', 1],
  ])('renews %s: expiry moves to now + 30 days, in the database too', (_label, before) => {
    const { token, session } = createSession(t.db, ana, NOW);
    const at = session.expiresAt - before;
    const result = validateSessionToken(t.db, token, at);
    expect(result?.renewed).toBe(true);
    expect(result?.session).toEqual({ id: session.id, userId: ana, expiresAt: at + 30 * DAY });
    expect(result?.user.id).toBe(ana);
    expect(rowOf(session.id)?.expiresAt).toBe(at + 30 * DAY);
    // The same token keeps working past the original expiry.
    expect(validateSessionToken(t.db, token, session.expiresAt + DAY)?.user.id).toBe(ana);
  });

  it('is null once the user is gone (sessions are deleted with the account)', () => {
    const { token, session } = createSession(t.db, ana, NOW);
    t.db.delete(users).where(eq(users.id, ana)).run();
    expect(validateSessionToken(t.db, token, NOW)).toBeNull();
    expect(rowOf(session.id)).toBeUndefined();
  });
});

describe('invalidateSession / invalidateUserSessions', () => {
  it('invalidateSession ends one session only', () => {
    const a1 = createSession(t.db, ana, NOW);
    const a2 = createSession(t.db, ana, NOW);
    invalidateSession(t.db, a1.session.id);
    expect(validateSessionToken(t.db, a1.token, NOW)).toBeNull();
    expect(validateSessionToken(t.db, a2.token, NOW)?.user.id).toBe(ana);
  });

  it('invalidateUserSessions ends every session of that user and no one else’s', () => {
    const a1 = createSession(t.db, ana, NOW);
    const a2 = createSession(t.db, ana, NOW);
    const b = createSession(t.db, ben, NOW);
    invalidateUserSessions(t.db, ana);
    expect(validateSessionToken(t.db, a1.token, NOW)).toBeNull();
    expect(validateSessionToken(t.db, a2.token, NOW)).toBeNull();
    expect(validateSessionToken(t.db, b.token, NOW)?.user.id).toBe(ben);
    expect(t.db.select().from(sessions).all().map((s) => s.userId)).toEqual([ben]);
  });
});
