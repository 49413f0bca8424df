import type { Db } from '../../../../db/client.js';
import { readForm } from '../../http/form.js';
import { RejectedError } from '../../write/events.js';
import { changeTotp, enableTotp } from './two-factor.js';

export type TwoFactorOutcome =
  | { readonly kind: 'codes'; readonly action: 'enable' | 'disable' | 'recovery_codes'; readonly codes: readonly string[] }
  | { readonly kind: 'form'; readonly message: string; readonly key: string | undefined };

/** Handles the posted two-factor form: turn on (key + first code), off, or new recovery codes. */
export async function submitTwoFactor(db: Db, userId: string, request: Request, now: number): Promise<TwoFactorOutcome> {
  const form = await readForm(request);
  if (!form) return { kind: 'form', message: 'The form could not be read; please send it again.', key: undefined };
  const code = (form.code ?? '').slice(0, 64);
  const key = form.key?.slice(0, 64);
  try {
    if (form.action === 'enable') return { kind: 'codes', action: 'enable', codes: enableTotp(db, userId, key ?? '', code, now) };
    if (form.action === 'disable' || form.action === 'recovery_codes') {
      return { kind: 'codes', action: form.action, codes: changeTotp(db, userId, form.action, code, now) };
    }
    return { kind: 'form', message: 'Choose what to do.', key };
  } catch (e) {
    if (e instanceof RejectedError) return { kind: 'form', message: e.message, key };
    throw e;
  }
}
