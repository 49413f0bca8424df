import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { auditLog, loginFailures, sessions } from '../../../db/schema.js';
import { SYSTEM } from '../../../src/server/audit.js';
import * as password from '../../../src/server/auth/password.js';
import { validateSessionToken } from '../../../src/server/auth/session.js';
import { signIn, WRONG_CREDENTIALS } from '../../../src/server/auth/sign-in.js';
import { createUser } from '../../../src/server/auth/users.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';

// Pass-through spy: sign-in must verify against a real hash even when the account is unknown.
vi.mock('../../../src/server/auth/password.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/server/auth/password.js')>();
  return { ...original, verifyPassword: vi.fn(original.verifyPassword) };
});

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 4, 13, 12, 0);
const PASSWORD = 'correct horse battery';

let t: TempDatabase;
let ana: string;
beforeEach(async () => {
  t = tempDatabase();
  ana = (await createUser(t.db, { email: 'ana@example.com', name: 'Ana', role: 'editor', password: PASSWORD }, SYSTEM, NOW)).id;
  vi.mocked(password.verifyPassword).mockClear();
});
afterEach(() => t.dispose());

const failureKeys = (): string[] => t.db.select({ key: loginFailures.key }).from(loginFailures).all().map((r) => r.key).sort();
const actions = (): string[] => t.db.select({ action: auditLog.action }).from(auditLog).all().map((r) => r.action);

describe('signIn: failures', () => {
  it('answers a wrong password and an unknown email identically, with 401', async () => {
    const wrong = await signIn(t.db, { email: 'ana@example.com', password: 'not the password', ip: '10.0.0.1' }, NOW);
    const unknown = await signIn(t.db, { email: 'nobody@example.com', password: 'not the password', ip: '10.0.0.1' }, NOW);
    expect(wrong).toEqual({ ok: false, status: 401, message: WRONG_CREDENTIALS });
    expect(unknown).toEqual(wrong);
    expect(WRONG_CREDENTIALS).toBe('That email and password do not match. Check both and try again.');
    expect(t.db.select().from(sessions).all()).toHaveLength(0);
  });

  it('records a failure for both, against the email and the address', async () => {
    await signIn(t.db, { email: 'ana@example.com', password: 'not the password', ip: '10.0.0.1' }, NOW);
    await signIn(t.db, { email: 'nobody@example.com', password: 'not the password', ip: '10.0.0.2' }, NOW);
    expect(failureKeys()).toEqual(['email:ana@example.com', 'email:nobody@example.com', 'ip:10.0.0.1', 'ip:10.0.0.2']);
  });

  it('verifies a password against a real Argon2id hash even when the account does not exist', async () => {
    const verify = vi.mocked(password.verifyPassword);
    await signIn(t.db, { email: 'nobody@example.com', password: 'guess number one', ip: '10.0.0.1' }, NOW);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(verify.mock.calls[0]![0]).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(verify.mock.calls[0]![1]).toBe('guess number one');
    await signIn(t.db, { email: 'ana@example.com', password: 'guess number two', ip: '10.0.0.1' }, NOW);
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('refuses the sixth attempt on an email with 429, even with the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await signIn(t.db, { email: 'ana@example.com', password: `wrong password ${i}`, ip: `10.0.0.${i}` }, NOW);
      expect(r.ok ? 200 : r.status).toBe(401);
    }
    const sixth = await signIn(t.db, { email: 'ana@example.com', password: PASSWORD, ip: '10.0.0.99' }, NOW + MINUTE);
    expect(sixth).toEqual({ ok: false, status: 429, message: 'Too many failed attempts. Try again in 14 minutes.' });
    expect(t.db.select().from(sessions).all()).toHaveLength(0);
    expect(actions()).not.toContain('user.signed_in');
  });

  it('says "1 minute" (singular) near the end of the window, and lets the right password in after it', async () => {
    for (let i = 0; i < 5; i++) await signIn(t.db, { email: 'ana@example.com', password: 'wrong password!', ip: '10.0.0.1' }, NOW);
    const late = await signIn(t.db, { email: 'ana@example.com', password: PASSWORD, ip: '10.0.0.1' }, NOW + 14 * MINUTE + 30_000);
    expect(late).toEqual({ ok: false, status: 429, message: 'Too many failed attempts. Try again in 1 minute.' });
    const after = await signIn(t.db, { email: 'ana@example.com', password: PASSWORD, ip: '10.0.0.1' }, NOW + 15 * MINUTE + 1);
    expect(after.ok).toBe(true);
  });

  // Regression: attempts sent at the same time used to all pass the check, because the failure
  // was recorded only after the (asynchronous) password check.
  it('allows at most five concurrent wrong attempts on one account', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => signIn(t.db, { email: 'ana@example.com', password: `parallel guess ${i}`, ip: `10.0.1.${i}` }, NOW)),
    );
    const statuses = results.map((r) => (r.ok ? 200 : r.status));
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
  });

  it('refuses an address after 20 failures on different accounts', async () => {
    for (let i = 0; i < 20; i++) await signIn(t.db, { email: `user${i}@example.com`, password: 'wrong password!', ip: '203.0.113.9' }, NOW);
    const r = await signIn(t.db, { email: 'ana@example.com', password: PASSWORD, ip: '203.0.113.9' }, NOW);
    expect(r).toEqual({ ok: false, status: 429, message: 'Too many failed attempts. Try again in 15 minutes.' });
    expect((await signIn(t.db, { email: 'ana@example.com', password: PASSWORD, ip: '203.0.113.10' }, NOW)).ok).toBe(true);
  });
});

describe('signIn: success', () => {
  it('starts a session for the user and audits user.signed_in', async () => {
    const r = await signIn(t.db, { email: 'ana@example.com', password: PASSWORD, ip: '10.0.0.1' }, NOW);
    if (r.ok !== true) throw new Error(`expected success, got ${JSON.stringify(r)}`);
    expect(r.token).toMatch(/^[a-z2-7]{32}$/);
    expect(r.session.userId).toBe(ana);
    expect(validateSessionToken(t.db, r.token, NOW)?.user).toEqual({ id: ana, email: 'ana@example.com', name: 'Ana', role: 'editor' });
    const audit = t.db.select().from(auditLog).all().filter((a) => a.action === 'user.signed_in');
    expect(audit).toEqual([
      { id: expect.any(Number), at: NOW, actorId: ana, actorLabel: 'ana@example.com', action: 'user.signed_in', objectType: 'user', objectId: ana, diff: null },
    ]);
  });

  it('accepts the email in any case and with surrounding spaces', async () => {
    const r = await signIn(t.db, { email: '  ANA@Example.Com ', password: PASSWORD, ip: '10.0.0.1' }, NOW);
    expect(r.ok).toBe(true);
  });

  it('counts failures in any case against the same account', async () => {
    for (const email of ['ANA@example.com', 'Ana@Example.com', 'ana@EXAMPLE.com', 'aNa@example.com', 'ana@example.COM']) {
      await signIn(t.db, { email, password: 'wrong password!', ip: '10.0.0.1' }, NOW);
    }
    const r = await signIn(t.db, { email: 'ana@example.com', password: PASSWORD, ip: '10.0.0.2' }, NOW);
    expect(r.ok ? 200 : r.status).toBe(429);
  });

  it('clears the account’s failures but not the address’s', async () => {
    for (let i = 0; i < 4; i++) await signIn(t.db, { email: 'ana@example.com', password: 'wrong password!', ip: '10.0.0.1' }, NOW);
    expect((await signIn(t.db, { email: 'ana@example.com', password: PASSWORD, ip: '10.0.0.1' }, NOW)).ok).toBe(true);
    expect(failureKeys()).toEqual(['ip:10.0.0.1', 'ip:10.0.0.1', 'ip:10.0.0.1', 'ip:10.0.0.1']);
    // Four more failures on the account are allowed again before the limit.
    for (let i = 0; i < 4; i++) await signIn(t.db, { email: 'ana@example.com', password: 'wrong password!', ip: '10.0.0.1' }, NOW);
    expect((await signIn(t.db, { email: 'ana@example.com', password: PASSWORD, ip: '10.0.0.1' }, NOW)).ok).toBe(true);
  });
});

describe('signIn: where each role lands', () => {
  it('sends an editor where they asked, and a reader to the status page', async () => {
    await createUser(t.db, { email: 'rita@example.com', name: 'Rita', role: 'reader', password: PASSWORD }, SYSTEM, NOW);
    const editor = await signIn(t.db, { email: 'ana@example.com', password: PASSWORD, ip: '10.0.0.1', next: '/admin/incidents/new' }, NOW);
    const reader = await signIn(t.db, { email: 'rita@example.com', password: PASSWORD, ip: '10.0.0.1', next: '/admin/incidents/new' }, NOW);
    const readerDefault = await signIn(t.db, { email: 'rita@example.com', password: PASSWORD, ip: '10.0.0.1' }, NOW);
    if (editor.ok !== true || reader.ok !== true || readerDefault.ok !== true) throw new Error('expected three sign-ins');
    expect(editor.next).toBe('/admin/incidents/new');
    expect(reader.next).toBe('/');
    expect(readerDefault.next).toBe('/');
    expect(validateSessionToken(t.db, reader.token, NOW)?.user.role).toBe('reader');
  });
});
