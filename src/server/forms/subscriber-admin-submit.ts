import type { Db } from '../../../db/client.js';
import type { SessionUser } from '../auth/session.js';
import { readForm } from '../http/form.js';
import { retryFailedDeliveries } from '../use-cases/outbox.js';
import { reactivateSubscriber, removeSubscriber, resendConfirmation } from '../use-cases/subscriptions.js';
import { RejectedError } from '../write/events.js';
import { actorOf } from './incident-submit.js';

export type AdminActionOutcome = { readonly kind: 'done'; readonly notice: string } | { readonly kind: 'error'; readonly status: 400 | 409; readonly message: string };

const ACTIONS = {
  remove: (db: Db, id: string, user: SessionUser, now: number): string => (removeSubscriber(db, id, actorOf(user), now), 'The subscriber was removed.'),
  reactivate: (db: Db, id: string, user: SessionUser, now: number): string => (reactivateSubscriber(db, id, actorOf(user), now), 'The address is active again.'),
  resend: (db: Db, id: string, user: SessionUser, now: number): string => (resendConfirmation(db, id, actorOf(user), now), 'A new confirmation mail is on its way.'),
} as const;

/** The subscriber page's POST: `intent` is remove / reactivate / resend (with `id`) or retry_failed. */
export async function submitSubscriberAction(db: Db, request: Request, user: SessionUser, now: number): Promise<AdminActionOutcome> {
  const form = await readForm(request);
  if (!form) return { kind: 'error', status: 400, message: 'The form could not be read; please send it again.' };
  try {
    if (form.intent === 'retry_failed') {
      const n = retryFailedDeliveries(db, actorOf(user), now);
      return { kind: 'done', notice: n === 0 ? 'No failed mail could be retried.' : `${n} failed mail${n === 1 ? '' : 's'} will be sent again.` };
    }
    const action = ACTIONS[form.intent as keyof typeof ACTIONS];
    if (!action || !Object.hasOwn(ACTIONS, form.intent ?? '')) return { kind: 'error', status: 400, message: 'Unknown action.' };
    if (!form.id) return { kind: 'error', status: 400, message: 'No subscriber was chosen.' };
    return { kind: 'done', notice: action(db, form.id, user, now) };
  } catch (e) {
    if (e instanceof RejectedError) return { kind: 'error', status: 409, message: e.message };
    throw e;
  }
}
