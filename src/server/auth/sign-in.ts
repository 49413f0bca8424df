import { type Db, writeTransaction } from '../../../db/client.js';
import { recordAudit } from '../audit.js';
import { passwordAllowedFor, readAccessSettings } from './access-settings.js';
import { hashPassword, verifyPassword } from './password.js';
import { landingPath } from './next-path.js';
import { startPendingSignIn } from './pending-sign-in.js';
import { generateToken } from './tokens.js';
import { releaseLoginAttempt, reserveLoginAttempt } from './rate-limit.js';
import { createSession, type Session } from './session.js';
import { findUserByEmail, normaliseEmail } from './users.js';

export type SignInResult =
  /** `next`: where this person lands (next-path.ts's landingPath). */
  | { readonly ok: true; readonly token: string; readonly session: Session; readonly next: string }
  /** The password was right; the code from the person's app is asked for next (totp/two-factor.ts). */
  | { readonly ok: 'second_factor'; readonly pendingToken: string; readonly expiresAt: number }
  | { readonly ok: false; readonly status: 401 | 403 | 429; readonly message: string };

/** Same words whether the account exists or not: the form must not reveal who has one. */
export const WRONG_CREDENTIALS = 'That email and password do not match. Check both and try again.';

export const NO_ACCESS = 'This account no longer has access: single sign-on found no group giving it a role. Ask an owner.';
export const PASSWORD_OFF = 'Password sign-in is turned off here; use single sign-on.';

/** A real hash of a random secret, made once: verifying against it costs what a real check costs. */
let dummyHash: Promise<string> | null = null;

export async function signIn(db: Db, input: { email: string; password: string; ip: string; next?: string }, now: number): Promise<SignInResult> {
  const keys = { email: normaliseEmail(input.email), ip: input.ip };
  const reservation = reserveLoginAttempt(db, keys, now);
  if (!reservation.ok) {
    const minutes = Math.max(1, Math.ceil(reservation.retryAfterMs / 60_000));
    return { ok: false, status: 429, message: `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.` };
  }
  const user = findUserByEmail(db, keys.email);
  // Always verify, even without a user, so timing does not reveal which emails have accounts.
  dummyHash ??= hashPassword(generateToken());
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash), input.password);
  // The attempt already counts as a failure (reserved above); only a success gives it back.
  if (!user || !valid) return { ok: false, status: 401, message: WRONG_CREDENTIALS };
  // Said only after the right password: these words reveal nothing to someone guessing.
  if (user.disabledAt !== null) return { ok: false, status: 403, message: NO_ACCESS };
  if (!passwordAllowedFor(readAccessSettings(db, now), user.id)) return { ok: false, status: 403, message: PASSWORD_OFF };
  return writeTransaction(db, (tx): SignInResult => {
    releaseLoginAttempt(tx, keys, reservation.ids);
    if (user.totpKey) {
      const pending = startPendingSignIn(tx, { kind: 'totp', userId: user.id, state: null, nonce: null, codeVerifier: null, next: landingPath(user.role, input.next ?? '/admin') }, now);
      return { ok: 'second_factor', pendingToken: pending.token, expiresAt: pending.expiresAt };
    }
    const { token, session } = createSession(tx, user.id, now);
    recordAudit(tx, { id: user.id, label: user.email }, { action: 'user.signed_in', objectType: 'user', objectId: user.id }, now);
    return { ok: true as const, token, session, next: landingPath(user.role, input.next ?? '/admin') };
  });
}
