import type { Db } from '../../../db/client.js';
import { readForm } from '../http/form.js';
import { RejectedError } from '../write/events.js';
import { completeSetup } from './setup.js';

export type SetupOutcome =
  | { readonly kind: 'created'; readonly token: string; readonly expiresAt: number }
  | { readonly kind: 'form'; readonly status: 400; readonly message: string; readonly name: string; readonly email: string };

/** Handles the posted first-run form: creates the owner and signs them in, or says what to fix. */
export async function submitSetup(db: Db, setupToken: string, request: Request, now: number): Promise<SetupOutcome> {
  const form = await readForm(request);
  const name = (form?.name ?? '').slice(0, 200);
  const email = (form?.email ?? '').slice(0, 320);
  if (!form) return { kind: 'form', status: 400, message: 'The form could not be read; please send it again.', name, email };
  try {
    const { token, session } = await completeSetup(db, setupToken, { name, email, password: (form.password ?? '').slice(0, 1024) }, now);
    return { kind: 'created', token, expiresAt: session.expiresAt };
  } catch (e) {
    if (e instanceof RejectedError) return { kind: 'form', status: 400, message: e.message, name, email };
    throw e;
  }
}
