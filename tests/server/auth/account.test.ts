import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, sessions, users } from '../../../db/schema.js';
import { SYSTEM } from '../../../src/server/audit.js';
import { changePassword } from '../../../src/server/auth/account.js';
import { verifyPassword } from '../../../src/server/auth/password.js';
import { createSession, validateSessionToken } from '../../../src/server/auth/session.js';
import { signIn } from '../../../src/server/auth/sign-in.js';
import { createUser } from '../../../src/server/auth/users.js';
import { RejectedError } from '../../../src/server/write/events.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';

const NOW = Date.UTC(2026, 4, 13, 12, 0);
const OLD = 'correct horse battery';
const NEW = 'a brand new passphrase';

let t: TempDatabase;
let ana: string;
let ben: string;
beforeEach(async () => {
  t = tempDatabase();
  ana = (await createUser(t.db, { email: 'ana@example.com', name: 'Ana', role: 'viewer', password: OLD }, SYSTEM, NOW)).id;
  ben = (await createUser(t.db, { email: 'ben@example.com', name: 'Ben', role: 'owner', password: 'another long password' }, SYSTEM, NOW)).id;
});
afterEach(() => t.dispose());

const hashOf = (id: string): string => t.db.select().from(users).where(eq(users.id, id)).get()!.passwordHash;
const sessionCount = (id: string): number => t.db.select().from(sessions).where(eq(sessions.userId, id)).all().length;
const changeActions = (): number => t.db.select().from(auditLog).where(eq(auditLog.action, 'user.password_changed')).all().length;

describe('changePassword: refusals change nothing', () => {
  it.each([
    ['a wrong current password', { current: 'not my password', next: NEW, confirm: NEW }, 'The current password is not right.'],
    ['a short new password', { current: OLD, next: 'short one', confirm: 'short one' }, 'New password: Use at least 12 characters.'],
    ['new passwords that differ', { current: OLD, next: NEW, confirm: `${NEW}!` }, 'The two new passwords differ.'],
  ])('refuses %s', async (_label, input, message) => {
    const before = hashOf(ana);
    const { token } = createSession(t.db, ana, NOW);
    const attempt = changePassword(t.db, ana, input, NOW);
    await expect(attempt).rejects.toBeInstanceOf(RejectedError);
    await expect(attempt).rejects.toThrow(message);
    expect(hashOf(ana)).toBe(before);
    expect(validateSessionToken(t.db, token, NOW)?.user.id).toBe(ana);
    expect(changeActions()).toBe(0);
  });

  it('refuses an account that no longer exists', async () => {
    await expect(changePassword(t.db, 'nosuchuser00', { current: OLD, next: NEW, confirm: NEW }, NOW)).rejects.toThrow(
      new RejectedError('Your account no longer exists.'),
    );
  });
});

describe('changePassword: success', () => {
  it('changes the hash, ends every old session, returns a working new one and audits', async () => {
    const before = hashOf(ana);
    const phone = createSession(t.db, ana, NOW);
    const laptop = createSession(t.db, ana, NOW);
    const bens = createSession(t.db, ben, NOW);
    const later = NOW + 60_000;

    const { token, session } = await changePassword(t.db, ana, { current: OLD, next: NEW, confirm: NEW }, later);

    const after = hashOf(ana);
    expect(after).not.toBe(before);
    expect(await verifyPassword(after, NEW)).toBe(true);
    expect(await verifyPassword(after, OLD)).toBe(false);
    expect(t.db.select().from(users).where(eq(users.id, ana)).get()?.updatedAt).toBe(later);

    expect(validateSessionToken(t.db, phone.token, later)).toBeNull();
    expect(validateSessionToken(t.db, laptop.token, later)).toBeNull();
    expect(sessionCount(ana)).toBe(1);
    expect(session.userId).toBe(ana);
    expect(token).not.toBe(phone.token);
    expect(validateSessionToken(t.db, token, later)?.user.id).toBe(ana);
    // Someone else's session is not touched.
    expect(validateSessionToken(t.db, bens.token, later)?.user.id).toBe(ben);

    const audit = t.db.select().from(auditLog).where(eq(auditLog.action, 'user.password_changed')).all();
    expect(audit).toEqual([
      { id: expect.any(Number), at: later, actorId: ana, actorLabel: 'ana@example.com', action: 'user.password_changed', objectType: 'user', objectId: ana, diff: null },
    ]);
    expect(JSON.stringify(t.db.select().from(auditLog).all())).not.toContain(NEW);
  });

  it('signs in with the new password only', async () => {
    await changePassword(t.db, ana, { current: OLD, next: NEW, confirm: NEW }, NOW);
    expect((await signIn(t.db, { email: 'ana@example.com', password: OLD, ip: '10.0.0.1' }, NOW)).ok).toBe(false);
    expect((await signIn(t.db, { email: 'ana@example.com', password: NEW, ip: '10.0.0.1' }, NOW)).ok).toBe(true);
  });
});
