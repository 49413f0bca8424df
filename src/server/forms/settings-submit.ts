import type { Db } from '../../../db/client.js';
import type { SessionUser } from '../auth/session.js';
import { readForm } from '../http/form.js';
import { changePageSettings } from '../use-cases/settings.js';
import { RejectedError } from '../write/events.js';
import { actorOf } from './incident-submit.js';
import { parseSettingsForm } from './settings-form.js';

export type SettingsOutcome =
  | { readonly kind: 'done'; readonly changed: readonly string[] }
  | { readonly kind: 'form'; readonly status: 400 | 409; readonly values: Readonly<Record<string, string>>; readonly errors: Readonly<Record<string, string>> };

export async function submitSettings(db: Db, request: Request, user: SessionUser, now: number): Promise<SettingsOutcome> {
  const form = await readForm(request);
  if (!form) return { kind: 'form', status: 400, values: {}, errors: { form: 'The form could not be read; please send it again.' } };
  const parsed = parseSettingsForm(form);
  if (!parsed.ok) return { kind: 'form', status: 400, values: form, errors: parsed.errors };
  try {
    return { kind: 'done', changed: changePageSettings(db, parsed.value, actorOf(user), now) };
  } catch (e) {
    if (e instanceof RejectedError) return { kind: 'form', status: 409, values: form, errors: { form: e.message } };
    throw e;
  }
}
