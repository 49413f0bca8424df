import type { Db } from '../../../db/client.js';
import type { SessionUser } from '../auth/session.js';
import { readForm } from '../http/form.js';
import { readPageSettings } from '../settings.js';
import { dismissProposal, publishProposal } from '../use-cases/proposals.js';
import { RejectedError } from '../write/events.js';
import { actorOf } from './incident-submit.js';

export type ProposalOutcome = { readonly kind: 'done'; readonly location: string } | { readonly kind: 'refused'; readonly status: 400 | 409; readonly message: string };

/** Publish (with the words as edited) or dismiss a proposal, from its card on the dashboard. */
export async function submitProposal(db: Db, id: string, request: Request, user: SessionUser, now: number): Promise<ProposalOutcome> {
  const form = await readForm(request);
  if (!form) return { kind: 'refused', status: 400, message: 'The form could not be read; please send it again.' };
  try {
    if (form.intent === 'dismiss') {
      dismissProposal(db, id, actorOf(user), now);
      return { kind: 'done', location: '/admin?dismissed=1' };
    }
    if (form.intent !== 'publish') return { kind: 'refused', status: 400, message: 'Choose Publish or Dismiss.' };
    const { eventId } = publishProposal(db, id, { title: form.title ?? '', body: form.body ?? '' }, actorOf(user), readPageSettings(db, now).timeZone, now);
    return { kind: 'done', location: `/admin/incidents/${eventId}?published=1` };
  } catch (e) {
    if (e instanceof RejectedError) return { kind: 'refused', status: 409, message: e.message };
    throw e;
  }
}
