import type { Db } from '../../../db/client.js';
import { can, type Permission } from '../../core/policy.js';
import type { SessionUser } from '../auth/session.js';
import { readForm } from '../http/form.js';
import { findComponentById } from '../read/components.js';
import { pageDateBounds, readPageSettings } from '../settings.js';
import {
  archiveComponent,
  createComponent,
  editComponent,
  moveComponent,
  setComponentStatus,
  unarchiveComponent,
} from '../use-cases/components.js';
import { RejectedError } from '../write/events.js';
import { FieldRejectedError } from '../write/components.js';
import { FIELD, parseComponentForm, parseNewComponentForm, parseStatusForm } from './component-form.js';
import { actorOf } from './incident-submit.js';

export type ComponentOutcome =
  | { readonly kind: 'done'; readonly location: string }
  | {
      readonly kind: 'form';
      readonly status: 400 | 403 | 409;
      /** What the person sent (the `intent` tells which form), to show again. */
      readonly values: Readonly<Record<string, string>>;
      readonly errors: Readonly<Record<string, string>>;
    };

/** The actions a component's page posts, each with the permission it needs. */
export const COMPONENT_INTENTS = ['save', 'status', 'archive', 'unarchive', 'move_up', 'move_down'] as const;
export type ComponentIntent = (typeof COMPONENT_INTENTS)[number];

/**
 * The route lets editors POST (they set status by hand); everything else changes the
 * component's definition and is the owner's ('settings:write'), checked here per action.
 */
export const INTENT_PERMISSION: Readonly<Record<ComponentIntent, Permission>> = {
  save: 'settings:write',
  status: 'incidents:write',
  archive: 'settings:write',
  unarchive: 'settings:write',
  move_up: 'settings:write',
  move_down: 'settings:write',
};

/** Where each action lands on success; the list for reordering (the buttons live there). */
const DONE_PATH: Readonly<Record<ComponentIntent, (id: string) => string>> = {
  save: (id) => `/admin/components/${id}?done=saved`,
  status: (id) => `/admin/components/${id}?done=status`,
  archive: (id) => `/admin/components/${id}?done=archived`,
  unarchive: (id) => `/admin/components/${id}?done=unarchived`,
  move_up: (id) => `/admin/components#c-${id}`,
  move_down: (id) => `/admin/components#c-${id}`,
};

const unreadable = { kind: 'form', status: 400, values: {}, errors: { form: 'The form could not be read; please send it again.' } } as const;

function isIntent(value: string | undefined): value is ComponentIntent {
  return (COMPONENT_INTENTS as readonly (string | undefined)[]).includes(value);
}

/** A refusal from the use-case, shown next to its field (or the status select, or the whole form): 409. */
function refused(e: RejectedError, intent: string, values: Record<string, string>): ComponentOutcome {
  const field = e instanceof FieldRejectedError ? e.field : intent === 'status' ? FIELD.status : 'form';
  return { kind: 'form', status: 409, values, errors: { [field]: e.message } };
}

export async function submitNewComponent(db: Db, request: Request, user: SessionUser, now: number): Promise<ComponentOutcome> {
  const form = await readForm(request);
  if (!form) return unreadable;
  const parsed = parseNewComponentForm(form, pageDateBounds(readPageSettings(db, now), now));
  if (!parsed.ok) return { kind: 'form', status: 400, values: form, errors: parsed.errors };
  try {
    const { id } = createComponent(db, parsed.value, actorOf(user), now);
    return { kind: 'done', location: `/admin/components/${id}?done=created` };
  } catch (e) {
    if (e instanceof RejectedError) return refused(e, 'save', form);
    throw e;
  }
}

/** One of the actions on a component's page, chosen by the form's `intent`. */
export async function submitComponentAction(db: Db, id: string, request: Request, user: SessionUser, now: number): Promise<ComponentOutcome> {
  const form = await readForm(request);
  if (!form) return unreadable;
  const intent = form.intent;
  if (!isIntent(intent)) return { kind: 'form', status: 400, values: form, errors: { form: 'Unknown action; reload the page and try again.' } };
  if (!can(user.role, INTENT_PERMISSION[intent])) {
    const message =
      intent === 'status'
        ? 'Your role cannot change component status. Ask an editor or owner.'
        : 'Only an owner can create, edit, reorder or archive components; editors can set their status.';
    return { kind: 'form', status: 403, values: form, errors: { form: message } };
  }
  const actor = actorOf(user);
  try {
    switch (intent) {
      case 'save': {
        const parsed = parseComponentForm(form, findComponentById(db, id)?.isGroup ?? false, pageDateBounds(readPageSettings(db, now), now));
        if (!parsed.ok) return { kind: 'form', status: 400, values: form, errors: parsed.errors };
        editComponent(db, id, parsed.value, actor, now);
        break;
      }
      case 'status': {
        const parsed = parseStatusForm(form);
        if (!parsed.ok) return { kind: 'form', status: 400, values: form, errors: parsed.errors };
        setComponentStatus(db, id, parsed.value.status, actor, now);
        break;
      }
      case 'archive':
        archiveComponent(db, id, actor, now);
        break;
      case 'unarchive':
        unarchiveComponent(db, id, actor, now);
        break;
      case 'move_up':
      case 'move_down':
        moveComponent(db, id, intent === 'move_up' ? 'up' : 'down', actor, now);
        break;
    }
    return { kind: 'done', location: DONE_PATH[intent](id) };
  } catch (e) {
    if (e instanceof RejectedError) return refused(e, intent, form);
    throw e;
  }
}
