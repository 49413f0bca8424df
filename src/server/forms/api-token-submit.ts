import type { Db } from '../../../db/client.js';
import type { SessionUser } from '../auth/session.js';
import { readForm } from '../http/form.js';
import { createApiToken, revokeApiToken } from '../use-cases/api-tokens.js';
import { RejectedError } from '../write/events.js';
import { parseApiTokenForm } from './api-token-form.js';
import { actorOf } from './incident-submit.js';

export type ApiTokenCreateOutcome =
  /** The secret is in this answer only: the page shows it once and it is never stored. */
  | { readonly kind: 'created'; readonly id: string; readonly name: string; readonly token: string }
  | { readonly kind: 'form'; readonly status: 400 | 409; readonly values: Readonly<Record<string, string>>; readonly errors: Readonly<Record<string, string>> };

export type ApiTokenRevokeOutcome = { readonly kind: 'done'; readonly notice: string } | { readonly kind: 'error'; readonly status: 400 | 409; readonly message: string };

const UNREADABLE = 'The form could not be read; please send it again.';

export async function submitNewApiToken(db: Db, request: Request, user: SessionUser, now: number): Promise<ApiTokenCreateOutcome> {
  const form = await readForm(request);
  if (!form) return { kind: 'form', status: 400, values: {}, errors: { form: UNREADABLE } };
  const parsed = parseApiTokenForm(form);
  if (!parsed.ok) return { kind: 'form', status: 400, values: form, errors: parsed.errors };
  try {
    const { id, token } = createApiToken(db, parsed.value, actorOf(user), now);
    return { kind: 'created', id, name: parsed.value.name, token };
  } catch (e) {
    if (e instanceof RejectedError) return { kind: 'form', status: 409, values: form, errors: { form: e.message } };
    throw e;
  }
}

/** Revokes the token once the confirmation page's button is pressed (it sends `confirm=revoke`). */
export async function submitApiTokenRevocation(db: Db, id: string, request: Request, user: SessionUser, now: number): Promise<ApiTokenRevokeOutcome> {
  const form = await readForm(request);
  if (!form) return { kind: 'error', status: 400, message: UNREADABLE };
  if (form.confirm !== 'revoke') return { kind: 'error', status: 400, message: 'Press “Revoke token” on this page to confirm.' };
  try {
    revokeApiToken(db, id, actorOf(user), now);
    return { kind: 'done', notice: 'The token was revoked: requests with it now get 401.' };
  } catch (e) {
    if (e instanceof RejectedError) return { kind: 'error', status: 409, message: e.message };
    throw e;
  }
}
