import type { Db } from '../../../db/client.js';
import { isComponentStatus } from '../../core/component-status.js';
import type { SessionUser } from '../auth/session.js';
import { readForm } from '../http/form.js';
import { createHeartbeat, deleteHeartbeat } from '../use-cases/heartbeats.js';
import { followUpstream, unfollowUpstream } from '../use-cases/upstream.js';
import { RejectedError } from '../write/events.js';
import { actorOf } from './incident-submit.js';

/** What a POST to /admin/heartbeats or /admin/upstream did. */
export type MonitoringOutcome =
  | { readonly kind: 'done'; readonly location: string }
  /** A heartbeat was created: its ping address carries the secret, shown this once. */
  | { readonly kind: 'created'; readonly name: string; readonly pingUrl: string }
  | { readonly kind: 'form'; readonly status: 400 | 409; readonly values: Readonly<Record<string, string>>; readonly error: string };

const unreadable: MonitoringOutcome = { kind: 'form', status: 400, values: {}, error: 'The form could not be read; please send it again.' };

function attempt(values: Record<string, string>, write: () => MonitoringOutcome): MonitoringOutcome {
  try {
    return write();
  } catch (e) {
    if (e instanceof RejectedError) return { kind: 'form', status: 409, values, error: e.message };
    throw e;
  }
}

/** A whole number of seconds typed into a form, or NaN (the use-case then refuses it with the bounds). */
const wholeSeconds = (raw: string | undefined): number => (raw !== undefined && /^\s*\d{1,9}\s*$/.test(raw) ? Number(raw) : NaN);

/** Creates (intent=create) or deletes (intent=delete) a heartbeat. */
export async function submitHeartbeats(db: Db, request: Request, user: SessionUser, baseUrl: string, now: number): Promise<MonitoringOutcome> {
  const form = await readForm(request);
  if (!form) return unreadable;
  if (form.intent === 'delete') {
    return attempt({}, () => {
      deleteHeartbeat(db, form.id ?? '', actorOf(user), now);
      return { kind: 'done', location: '/admin/heartbeats?deleted=1' };
    });
  }
  const status = form.componentStatus;
  if (!isComponentStatus(status) || status === 'operational') return { kind: 'form', status: 400, values: form, error: 'Choose the status a missed heartbeat sets.' };
  return attempt(form, () => {
    const input = { name: form.name ?? '', componentId: form.componentId ?? '', periodSeconds: wholeSeconds(form.periodSeconds), graceSeconds: wholeSeconds(form.graceSeconds), componentStatus: status };
    const { secret } = createHeartbeat(db, input, actorOf(user), now);
    return { kind: 'created', name: input.name.trim(), pingUrl: `${baseUrl}/api/v1/heartbeats/${secret}` };
  });
}

/** Follows (intent=follow) or stops following (intent=unfollow) an upstream component. */
export async function submitUpstream(db: Db, request: Request, user: SessionUser, allowPrivate: boolean, now: number): Promise<MonitoringOutcome> {
  const form = await readForm(request);
  if (!form) return unreadable;
  const componentId = form.componentId ?? '';
  if (form.intent === 'unfollow') {
    return attempt({}, () => {
      unfollowUpstream(db, componentId, actorOf(user), now);
      return { kind: 'done', location: '/admin/upstream?removed=1' };
    });
  }
  return attempt(form, () => {
    followUpstream(db, componentId, { summaryUrl: form.summaryUrl ?? '', upstreamComponentId: form.upstreamComponentId ?? '' }, allowPrivate, actorOf(user), now);
    return { kind: 'done', location: '/admin/upstream?saved=1' };
  });
}
