import type { Db } from '../../../db/client.js';
import { parseRoleMap } from '../../core/sso-roles.js';
import { isPageVisibility } from '../../core/visibility.js';
import type { Actor } from '../audit.js';
import { readForm } from '../http/form.js';
import { RejectedError } from '../write/events.js';
import { changeAccessSettings } from './access-settings.js';

export type AccessOutcome = { readonly kind: 'done' } | { readonly kind: 'form'; readonly status: 400 | 409; readonly message: string; readonly values: Readonly<Record<string, string>> };

/** Handles the owner's posted access form. */
export async function submitAccess(db: Db, request: Request, ssoConfigured: boolean, actor: Actor, now: number): Promise<AccessOutcome> {
  const form = await readForm(request);
  if (!form) return { kind: 'form', status: 400, message: 'The form could not be read; please send it again.', values: {} };
  const map = parseRoleMap((form.role_map ?? '').slice(0, 30_000));
  if (!map.ok) return { kind: 'form', status: 400, message: `Group mapping: ${map.message}`, values: form };
  const visibility = form.visibility ?? 'public';
  if (!isPageVisibility(visibility)) return { kind: 'form', status: 400, message: 'Choose public or private.', values: form };
  try {
    changeAccessSettings(
      db,
      {
        visibility,
        roleMap: map.entries,
        passwordSignIn: form.password_sign_in === 'on',
        breakGlassUserId: form.break_glass || null,
        ownersNeedTotp: form.owners_need_totp === 'on',
      },
      ssoConfigured,
      actor,
      now,
    );
    return { kind: 'done' };
  } catch (e) {
    if (e instanceof RejectedError) return { kind: 'form', status: 409, message: e.message, values: form };
    throw e;
  }
}
