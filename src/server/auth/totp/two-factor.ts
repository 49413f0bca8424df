import { eq } from 'drizzle-orm';
import { type Db, writeTransaction } from '../../../../db/client.js';
import { users } from '../../../../db/schema.js';
import { recordAudit } from '../../audit.js';
import { RejectedError } from '../../write/events.js';
import { landingPath } from '../next-path.js';
import { NO_PASSWORD } from '../no-password.js';
import { endPendingSignIn, type PendingSignIn } from '../pending-sign-in.js';
import { releaseLoginAttempt, reserveLoginAttempt } from '../rate-limit.js';
import { createSession, type Session } from '../session.js';
import { acceptedStep, decodeTotpKey } from './code.js';
import { replaceRecoveryCodes, spendRecoveryCode } from './recovery-codes.js';

const WRONG_CODE = 'That code is not right. Use the current code from your authenticator app, or a recovery code.';

type UserRow = typeof users.$inferSelect;

function userOf(db: Db, userId: string): UserRow {
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw new RejectedError('Your account no longer exists.');
  return user;
}

/**
 * Checks an app code (recording its step so it cannot be used again) or spends a recovery code.
 * Call inside the transaction that acts on the answer.
 */
function checkSecondFactor(db: Db, user: UserRow, code: string, now: number): 'totp' | 'recovery_code' | null {
  const key = user.totpKey ? decodeTotpKey(user.totpKey) : null;
  if (!key) return null;
  const step = acceptedStep(key, code, now, user.totpLastStep);
  if (step !== null) {
    db.update(users).set({ totpLastStep: step }).where(eq(users.id, user.id)).run();
    return 'totp';
  }
  return spendRecoveryCode(db, user.id, code, now) ? 'recovery_code' : null;
}

/** Turns two-factor sign-in on once the person proved their app has the key; returns the recovery codes to show once. */
export function enableTotp(db: Db, userId: string, keyText: string, code: string, now: number): string[] {
  const key = decodeTotpKey(keyText);
  if (!key) throw new RejectedError('The setup form was damaged; reload the page and scan the new code.');
  return writeTransaction(db, (tx) => {
    const user = userOf(tx, userId);
    if (user.totpKey) throw new RejectedError('Two-factor sign-in is already on.');
    const step = acceptedStep(key, code, now, null);
    if (step === null) throw new RejectedError('That code is not right. Check the clock of the device with the app, and type the current code.');
    tx.update(users).set({ totpKey: keyText.trim().toUpperCase(), totpLastStep: step, updatedAt: now }).where(eq(users.id, userId)).run();
    recordAudit(tx, { id: userId, label: user.email }, { action: 'user.totp_enabled', objectType: 'user', objectId: userId }, now);
    return replaceRecoveryCodes(tx, userId);
  });
}

/** Turns it off, or replaces the recovery codes: either needs a current code. */
export function changeTotp(db: Db, userId: string, action: 'disable' | 'recovery_codes', code: string, now: number): string[] {
  return writeTransaction(db, (tx) => {
    const user = userOf(tx, userId);
    if (!user.totpKey) throw new RejectedError('Two-factor sign-in is not on.');
    if (!checkSecondFactor(tx, user, code, now)) throw new RejectedError(WRONG_CODE);
    const actor = { id: userId, label: user.email };
    if (action === 'recovery_codes') {
      recordAudit(tx, actor, { action: 'user.recovery_codes_replaced', objectType: 'user', objectId: userId }, now);
      return replaceRecoveryCodes(tx, userId);
    }
    tx.update(users).set({ totpKey: null, totpLastStep: null, updatedAt: now }).where(eq(users.id, userId)).run();
    replaceRecoveryCodes(tx, userId);
    recordAudit(tx, actor, { action: 'user.totp_disabled', objectType: 'user', objectId: userId }, now);
    return [];
  });
}

export type SecondStepResult =
  | { readonly ok: true; readonly token: string; readonly session: Session; readonly next: string }
  | { readonly ok: false; readonly status: 401 | 429; readonly message: string };

/**
 * The second step of a password sign-in: counted against the same limits as the password (the
 * account's and the address's), so guessing codes is as slow as guessing passwords.
 */
export function completeSecondStep(db: Db, pending: PendingSignIn, code: string, ip: string, now: number): SecondStepResult {
  const user = pending.userId ? db.select().from(users).where(eq(users.id, pending.userId)).get() : undefined;
  if (!user) return { ok: false, status: 401, message: 'This sign-in has expired. Start again.' };
  const keys = { email: user.email, ip };
  const reservation = reserveLoginAttempt(db, keys, now);
  if (!reservation.ok) {
    const minutes = Math.max(1, Math.ceil(reservation.retryAfterMs / 60_000));
    return { ok: false, status: 429, message: `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.` };
  }
  return writeTransaction(db, (tx): SecondStepResult => {
    const method = checkSecondFactor(tx, user, code.slice(0, 64), now);
    if (!method) return { ok: false, status: 401, message: WRONG_CODE };
    releaseLoginAttempt(tx, keys, reservation.ids);
    endPendingSignIn(tx, pending.id);
    const { token, session } = createSession(tx, user.id, now);
    recordAudit(tx, { id: user.id, label: user.email }, { action: 'user.signed_in', objectType: 'user', objectId: user.id, diff: { second_factor: method } }, now);
    return { ok: true, token, session, next: landingPath(user.role, pending.next) };
  });
}

/** Whether the person has a second factor, and whether they sign in by password at all (single sign-on accounts do not). */
export function totpStatus(db: Db, userId: string): { readonly on: boolean; readonly passwordAccount: boolean } {
  const row = db.select({ totpKey: users.totpKey, passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).get();
  return { on: Boolean(row?.totpKey), passwordAccount: row !== undefined && row.passwordHash !== NO_PASSWORD };
}

/**
 * An owner who must set up a second factor first (the owners turned that on, and this owner signs
 * in by password without one): everything but the setup page and signing out waits for it.
 */
export function mustSetUpTotp(db: Db, userId: string, role: string, ownersNeedTotp: boolean): boolean {
  if (role !== 'owner' || !ownersNeedTotp) return false;
  const status = totpStatus(db, userId);
  return status.passwordAccount && !status.on;
}
