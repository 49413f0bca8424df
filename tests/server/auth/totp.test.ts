import * as OTPAuth from 'otpauth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, recoveryCodes, users } from '../../../db/schema.js';
import { SYSTEM } from '../../../src/server/audit.js';
import { findPendingSignIn, type PendingSignIn } from '../../../src/server/auth/pending-sign-in.js';
import { validateSessionToken } from '../../../src/server/auth/session.js';
import { signIn } from '../../../src/server/auth/sign-in.js';
import { newTotpKey } from '../../../src/server/auth/totp/code.js';
import { changeTotp, completeSecondStep, enableTotp, mustSetUpTotp } from '../../../src/server/auth/totp/two-factor.js';
import { createUser } from '../../../src/server/auth/users.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';

const NOW = Date.UTC(2026, 4, 13, 12, 0, 5);
const STEP = 30_000;
const PASSWORD = 'correct horse battery';
const IP = '10.0.0.1';

/** The independent implementation: what an authenticator app would show at `at`. */
const appCode = (key: string, at: number): string =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(key), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at });

let t: TempDatabase;
let ana: string;
let key: string;
let codes: string[];
beforeEach(async () => {
  t = tempDatabase();
  ana = (await createUser(t.db, { email: 'ana@example.com', name: 'Ana', role: 'owner', password: PASSWORD }, SYSTEM, NOW)).id;
  key = newTotpKey();
  codes = enableTotp(t.db, ana, key, appCode(key, NOW - 2 * STEP), NOW - 2 * STEP);
});
afterEach(() => t.dispose());

/** A password sign-in up to the second step; returns the pending row. */
async function passwordStep(now: number): Promise<PendingSignIn | null> {
  const r = await signIn(t.db, { email: 'ana@example.com', password: PASSWORD, ip: IP, next: '/admin/settings' }, now);
  if (r.ok !== 'second_factor') throw new Error(`expected the second step, got ${JSON.stringify(r)}`);
  return findPendingSignIn(t.db, r.pendingToken, 'totp', now);
}

describe('setting up TOTP', () => {
  it('stores the key only after a code from the app, and gives ten distinct recovery codes kept as hashes', () => {
    expect(t.db.select().from(users).get()!.totpKey).toBe(key);
    expect(new Set(codes).size).toBe(10);
    const stored = t.db.select().from(recoveryCodes).all();
    expect(stored).toHaveLength(10);
    for (const c of codes) expect(stored.map((r) => r.codeHash)).not.toContain(c);
    expect(t.db.select().from(auditLog).all().map((a) => a.action)).toContain('user.totp_enabled');
  });

  it('refuses a wrong first code and keeps two-factor off', async () => {
    const other = tempDatabase();
    const id = (await createUser(other.db, { email: 'bo@example.com', name: 'Bo', role: 'editor', password: PASSWORD }, SYSTEM, NOW)).id;
    const k = newTotpKey();
    const wrong = String((Number(appCode(k, NOW)) + 1) % 1_000_000).padStart(6, '0');
    expect(() => enableTotp(other.db, id, k, wrong, NOW)).toThrow(/not right/);
    expect(other.db.select().from(users).get()!.totpKey).toBeNull();
    other.dispose();
  });
});

describe('signing in with a second factor', () => {
  it('asks for a code after the right password, and signs in with the code an independent TOTP implementation makes', async () => {
    const pending = await passwordStep(NOW);
    expect(pending).not.toBeNull();
    const r = completeSecondStep(t.db, pending!, appCode(key, NOW), IP, NOW);
    if (!r.ok) throw new Error(r.message);
    expect(r.next).toBe('/admin/settings');
    expect(validateSessionToken(t.db, r.token, NOW)?.user.id).toBe(ana);
    const audit = t.db.select().from(auditLog).all().filter((a) => a.action === 'user.signed_in');
    expect(audit.map((a) => a.diff)).toEqual(['{"second_factor":"totp"}']);
  });

  it('accepts the previous step for clock drift, refuses codes two steps away, and never accepts one code twice', async () => {
    expect(completeSecondStep(t.db, (await passwordStep(NOW))!, appCode(key, NOW - 2 * STEP - STEP), IP, NOW).ok).toBe(false);
    expect(completeSecondStep(t.db, (await passwordStep(NOW))!, appCode(key, NOW + 2 * STEP), IP, NOW).ok).toBe(false);
    const drifted = appCode(key, NOW - STEP);
    expect(completeSecondStep(t.db, (await passwordStep(NOW))!, drifted, IP, NOW).ok).toBe(true);
    // Replayed: the same code (even within its window) is refused after one use.
    expect(completeSecondStep(t.db, (await passwordStep(NOW))!, drifted, IP, NOW).ok).toBe(false);
  });

  it('takes each recovery code once', async () => {
    expect(completeSecondStep(t.db, (await passwordStep(NOW))!, codes[0]!.toUpperCase(), IP, NOW).ok).toBe(true);
    const again = completeSecondStep(t.db, (await passwordStep(NOW))!, codes[0]!, IP, NOW);
    expect(again).toMatchObject({ ok: false, status: 401 });
    expect(completeSecondStep(t.db, (await passwordStep(NOW))!, codes[1]!, IP, NOW).ok).toBe(true);
  });

  it('locks the account after five wrong codes, like wrong passwords, even for the right code', async () => {
    const pending = (await passwordStep(NOW))!;
    for (let i = 0; i < 5; i++) expect(completeSecondStep(t.db, pending, '000000', `10.0.1.${i}`, NOW).ok).toBe(false);
    const locked = completeSecondStep(t.db, pending, appCode(key, NOW), '10.0.2.1', NOW);
    expect(locked).toMatchObject({ ok: false, status: 429 });
    // The password step is locked too: the account's failures are shared.
    expect(await signIn(t.db, { email: 'ana@example.com', password: PASSWORD, ip: '10.0.3.1' }, NOW)).toMatchObject({ ok: false, status: 429 });
  });

  it('refuses a pending sign-in once it has expired', async () => {
    const r = await signIn(t.db, { email: 'ana@example.com', password: PASSWORD, ip: IP }, NOW);
    if (r.ok !== 'second_factor') throw new Error('expected the second step');
    expect(findPendingSignIn(t.db, r.pendingToken, 'totp', NOW + 11 * 60_000)).toBeNull();
    // …and a pending single sign-on row is not a pending code row.
    expect(findPendingSignIn(t.db, r.pendingToken, 'oidc', NOW)).toBeNull();
  });
});

describe('changing TOTP', () => {
  it('turns off only with a current code, and then signs in with the password alone', async () => {
    expect(() => changeTotp(t.db, ana, 'disable', '123456', NOW)).toThrow(/not right/);
    changeTotp(t.db, ana, 'disable', appCode(key, NOW), NOW);
    const r = await signIn(t.db, { email: 'ana@example.com', password: PASSWORD, ip: IP }, NOW);
    expect(r.ok).toBe(true);
  });

  it('requires owners to set it up when the owners turn that on, password owners only', async () => {
    expect(mustSetUpTotp(t.db, ana, 'owner', true)).toBe(false);
    changeTotp(t.db, ana, 'disable', appCode(key, NOW), NOW);
    expect(mustSetUpTotp(t.db, ana, 'owner', true)).toBe(true);
    expect(mustSetUpTotp(t.db, ana, 'owner', false)).toBe(false);
    expect(mustSetUpTotp(t.db, ana, 'editor', true)).toBe(false);
  });

  it('sends a reader to the status page after the second step, whatever they asked for', async () => {
    const rita = (await createUser(t.db, { email: 'rita@example.com', name: 'Rita', role: 'reader', password: PASSWORD }, SYSTEM, NOW)).id;
    const ritaKey = newTotpKey();
    enableTotp(t.db, rita, ritaKey, appCode(ritaKey, NOW - 2 * STEP), NOW - 2 * STEP);
    const r = await signIn(t.db, { email: 'rita@example.com', password: PASSWORD, ip: IP, next: '/admin/settings' }, NOW);
    if (r.ok !== 'second_factor') throw new Error('expected the second step');
    const done = completeSecondStep(t.db, findPendingSignIn(t.db, r.pendingToken, 'totp', NOW)!, appCode(ritaKey, NOW), IP, NOW);
    if (!done.ok) throw new Error(done.message);
    expect(done.next).toBe('/');
  });
});
