import type { Db } from '../../../db/client.js';
import { readForm } from '../http/form.js';
import { safeNextPath } from './next-path.js';
import { signIn } from './sign-in.js';

export type LoginOutcome =
  | { readonly kind: 'signed_in'; readonly token: string; readonly expiresAt: number; readonly next: string }
  | { readonly kind: 'second_factor'; readonly pendingToken: string; readonly expiresAt: number }
  | { readonly kind: 'form'; readonly status: 400 | 401 | 403 | 429; readonly message: string; readonly email: string };

/** Handles a posted sign-in form: the outcome to render, or the session to start. */
export async function submitLogin(db: Db, request: Request, ip: string, now: number): Promise<LoginOutcome> {
  const form = await readForm(request);
  const email = (form?.email ?? '').trim().slice(0, 320);
  if (!form || !email || !form.password) {
    return { kind: 'form', status: 400, message: 'Enter your email and password.', email };
  }
  // Bounded before hashing: a megabyte "password" must not cost a megabyte of Argon2.
  const next = safeNextPath(form.next ?? null);
  const result = await signIn(db, { email, password: form.password.slice(0, 1024), ip, next }, now);
  if (result.ok === 'second_factor') return { kind: 'second_factor', pendingToken: result.pendingToken, expiresAt: result.expiresAt };
  if (!result.ok) return { kind: 'form', status: result.status, message: result.message, email };
  return { kind: 'signed_in', token: result.token, expiresAt: result.session.expiresAt, next: result.next };
}
