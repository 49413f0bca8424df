import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, sessions, setupTokens, users } from '../../../db/schema.js';
import { SYSTEM } from '../../../src/server/audit.js';
import { verifyPassword } from '../../../src/server/auth/password.js';
import { validateSessionToken } from '../../../src/server/auth/session.js';
import { completeSetup, isSetupTokenValid, issueSetupToken, SETUP_TOKEN_LIFETIME_MS } from '../../../src/server/auth/setup.js';
import { hashToken } from '../../../src/server/auth/tokens.js';
import { createUser } from '../../../src/server/auth/users.js';
import { RejectedError } from '../../../src/server/write/events.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 4, 13, 12, 0);
const OWNER = { name: 'Ana Lima', email: 'Ana@Example.com', password: 'correct horse battery' };

let t: TempDatabase;
beforeEach(() => {
  t = tempDatabase();
});
afterEach(() => t.dispose());

const counts = () => ({
  users: t.db.select().from(users).all().length,
  sessions: t.db.select().from(sessions).all().length,
  setupTokens: t.db.select().from(setupTokens).all().length,
});

function issue(at = NOW): string {
  const token = issueSetupToken(t.db, at);
  if (!token) throw new Error('expected a setup token');
  return token;
}

describe('issueSetupToken', () => {
  it('issues a 32-character token, stored only as its hash, valid for 24 hours', () => {
    const token = issue();
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(SETUP_TOKEN_LIFETIME_MS).toBe(24 * HOUR);
    expect(t.db.select().from(setupTokens).all()).toEqual([{ id: hashToken(token), expiresAt: NOW + 24 * HOUR, createdAt: NOW }]);
  });

  it('issues nothing once any account exists', async () => {
    await createUser(t.db, { email: 'ben@example.com', name: 'Ben', role: 'viewer', password: 'another long password' }, SYSTEM, NOW);
    expect(issueSetupToken(t.db, NOW)).toBeNull();
    expect(counts().setupTokens).toBe(0);
  });
});

describe('isSetupTokenValid', () => {
  it('is true for an issued token until it expires at 24 hours', () => {
    const token = issue();
    expect(isSetupTokenValid(t.db, token, NOW)).toBe(true);
    expect(isSetupTokenValid(t.db, token, NOW + 24 * HOUR - 1)).toBe(true);
    expect(isSetupTokenValid(t.db, token, NOW + 24 * HOUR)).toBe(false);
    expect(isSetupTokenValid(t.db, token, NOW + 25 * HOUR)).toBe(false);
  });

  it('is false for unknown tokens and for the stored hash', () => {
    const token = issue();
    expect(isSetupTokenValid(t.db, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', NOW)).toBe(false);
    expect(isSetupTokenValid(t.db, '', NOW)).toBe(false);
    expect(isSetupTokenValid(t.db, hashToken(token), NOW)).toBe(false);
  });

  it('is false once an account exists, even for an unexpired token', async () => {
    const token = issue();
    await createUser(t.db, { email: 'ben@example.com', name: 'Ben', role: 'viewer', password: 'another long password' }, SYSTEM, NOW);
    expect(isSetupTokenValid(t.db, token, NOW)).toBe(false);
  });
});

describe('completeSetup', () => {
  it('creates an owner, spends every setup token, and returns a working session', async () => {
    const token = issue();
    const otherTab = issue(NOW + 1000);
    const { token: sessionToken, session } = await completeSetup(t.db, token, OWNER, NOW + HOUR);
    const user = t.db.select().from(users).get()!;
    expect(user).toMatchObject({ email: 'ana@example.com', name: 'Ana Lima', role: 'owner', createdAt: NOW + HOUR });
    expect(await verifyPassword(user.passwordHash, OWNER.password)).toBe(true);
    expect(counts()).toEqual({ users: 1, sessions: 1, setupTokens: 0 });
    expect(session.userId).toBe(user.id);
    expect(validateSessionToken(t.db, sessionToken, NOW + HOUR)?.user).toEqual({ id: user.id, email: 'ana@example.com', name: 'Ana Lima', role: 'owner' });
    expect(isSetupTokenValid(t.db, otherTab, NOW + HOUR)).toBe(false);
    expect(t.db.select({ action: auditLog.action, actorId: auditLog.actorId, actorLabel: auditLog.actorLabel }).from(auditLog).all()).toEqual([
      { action: 'user.created', actorId: null, actorLabel: 'system' },
    ]);
  });

  it('always creates an owner, whatever role the input carries', async () => {
    const token = issue();
    await completeSetup(t.db, token, { ...OWNER, role: 'viewer' } as typeof OWNER, NOW);
    expect(t.db.select().from(users).get()?.role).toBe('owner');
  });

  it('refuses a second completion with the same token', async () => {
    const token = issue();
    await completeSetup(t.db, token, OWNER, NOW);
    const again = completeSetup(t.db, token, { ...OWNER, email: 'mallory@example.com' }, NOW);
    await expect(again).rejects.toBeInstanceOf(RejectedError);
    await expect(again).rejects.toThrow('This setup link has expired or was already used.');
    expect(counts()).toEqual({ users: 1, sessions: 1, setupTokens: 0 });
  });

  it('refuses two completions racing with two tokens: only one owner', async () => {
    const a = issue();
    const b = issue();
    const results = await Promise.allSettled([
      completeSetup(t.db, a, OWNER, NOW),
      completeSetup(t.db, b, { ...OWNER, email: 'mallory@example.com' }, NOW),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(counts().users).toBe(1);
  });

  it('refuses an expired token, writing nothing', async () => {
    const token = issue();
    await expect(completeSetup(t.db, token, OWNER, NOW + 24 * HOUR + 1)).rejects.toThrow(
      new RejectedError('This setup link has expired or was already used.'),
    );
    expect(counts()).toEqual({ users: 0, sessions: 0, setupTokens: 1 });
  });

  it('refuses an unknown token', async () => {
    issue();
    await expect(completeSetup(t.db, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', OWNER, NOW)).rejects.toBeInstanceOf(RejectedError);
    expect(counts().users).toBe(0);
  });

  it.each([
    ['a short password', { ...OWNER, password: 'short pass' }, 'Use at least 12 characters.'],
    ['a bad email', { ...OWNER, email: 'ana.example.com' }, 'Enter an email address such as ana@example.com.'],
    ['an empty name', { ...OWNER, name: ' ' }, 'Enter a name of up to 100 characters.'],
  ])('refuses %s with a RejectedError, writes nothing and leaves the link usable', async (_label, input, message) => {
    const token = issue();
    const attempt = completeSetup(t.db, token, input, NOW);
    await expect(attempt).rejects.toBeInstanceOf(RejectedError);
    await expect(attempt).rejects.toThrow(message);
    expect(counts()).toEqual({ users: 0, sessions: 0, setupTokens: 1 });
    expect(t.db.select().from(auditLog).all()).toHaveLength(0);
    expect(isSetupTokenValid(t.db, token, NOW)).toBe(true);
  });
});
