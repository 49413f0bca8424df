import type { Db } from '../../../db/client.js';
import { readForm } from '../http/form.js';
import { RejectedError } from '../write/events.js';
import { changePassword } from './account.js';

export type AccountOutcome =
  | { readonly kind: 'changed'; readonly token: string; readonly expiresAt: number }
  | { readonly kind: 'form'; readonly status: 400; readonly message: string };

/** Handles the posted password-change form. */
export async function submitPasswordChange(db: Db, userId: string, request: Request, now: number): Promise<AccountOutcome> {
  const form = await readForm(request);
  if (!form) return { kind: 'form', status: 400, message: 'The form could not be read; please send it again.' };
  const field = (name: string): string => (form[name] ?? '').slice(0, 1024);
  try {
    const { token, session } = await changePassword(db, userId, { current: field('current'), next: field('next'), confirm: field('confirm') }, now);
    return { kind: 'changed', token, expiresAt: session.expiresAt };
  } catch (e) {
    if (e instanceof RejectedError) return { kind: 'form', status: 400, message: e.message };
    throw e;
  }
}
