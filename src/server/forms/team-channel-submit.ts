import type { Db } from '../../../db/client.js';
import { TEAM_EVENTS } from '../../core/channels/message.js';
import type { SessionUser } from '../auth/session.js';
import { readForm } from '../http/form.js';
import { createTeamChannel, deleteTeamChannel, sendTeamChannelTest, setTeamChannelEvents } from '../use-cases/team-channels.js';
import { RejectedError } from '../write/events.js';
import { actorOf } from './incident-submit.js';

/**
 * The /admin/channels form: `action` is add, events, test or delete. Events come as one checkbox
 * each, `event_<name>` (the form reader keeps one value per name).
 */
export type TeamChannelOutcome =
  | { readonly kind: 'done'; readonly notice: string; readonly signingSecret: string | null }
  | { readonly kind: 'error'; readonly status: 400 | 409; readonly message: string; readonly values: Readonly<Record<string, string>> };

const UNREADABLE = 'The form could not be read; please send it again.';

const chosenEvents = (form: Readonly<Record<string, string>>): string[] => TEAM_EVENTS.filter((e) => form[`event_${e}`] !== undefined);

export async function submitTeamChannel(db: Db, request: Request, user: SessionUser, allowPrivate: boolean, now: number): Promise<TeamChannelOutcome> {
  const form = await readForm(request);
  if (!form) return { kind: 'error', status: 400, message: UNREADABLE, values: {} };
  const actor = actorOf(user);
  const id = form.id ?? '';
  try {
    switch (form.action) {
      case 'add': {
        const created = createTeamChannel(db, { name: form.name ?? '', kind: form.kind ?? '', url: form.url ?? '', events: chosenEvents(form) }, allowPrivate, actor, now);
        return { kind: 'done', notice: `Channel “${(form.name ?? '').trim()}” added.`, signingSecret: created.signingSecret };
      }
      case 'events':
        setTeamChannelEvents(db, id, chosenEvents(form), form.enabled !== undefined, actor, now);
        return { kind: 'done', notice: 'Channel saved.', signingSecret: null };
      case 'test':
        sendTeamChannelTest(db, id, actor, now);
        return { kind: 'done', notice: 'Test message queued: it should arrive within a few seconds.', signingSecret: null };
      case 'delete':
        deleteTeamChannel(db, id, actor, now);
        return { kind: 'done', notice: 'Channel removed.', signingSecret: null };
      default:
        return { kind: 'error', status: 400, message: 'Use one of the buttons on this page.', values: {} };
    }
  } catch (e) {
    if (e instanceof RejectedError) return { kind: 'error', status: 409, message: e.message, values: form };
    throw e;
  }
}
