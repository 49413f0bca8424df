import type { Db } from '../../../db/client.js';
import type { SessionUser } from '../auth/session.js';
import { readForm } from '../http/form.js';
import { findTemplate } from '../templates/store.js';
import { createTemplate, deleteTemplate, moveTemplate, MOVES, updateTemplate, type Move } from '../use-cases/templates.js';
import { RejectedError } from '../write/events.js';
import { actorOf } from './incident-submit.js';
import { templateFormValues } from '../views/admin/templates.js';
import { parseTemplateForm } from './template-form.js';

export type TemplateOutcome =
  | { readonly kind: 'done'; readonly location: string }
  | {
      readonly kind: 'form';
      readonly status: 400 | 404 | 409;
      /** What the person typed, to show again. */
      readonly values: Readonly<Record<string, string>>;
      readonly errors: Readonly<Record<string, string>>;
    };

const unreadable: TemplateOutcome = { kind: 'form', status: 400, values: {}, errors: { form: 'The form could not be read; please send it again.' } };

/** A refusal from the store (a name taken, a template gone) is a conflict the person can act on. */
function attempt(values: Record<string, string>, write: () => string): TemplateOutcome {
  try {
    return { kind: 'done', location: write() };
  } catch (e) {
    if (e instanceof RejectedError) return { kind: 'form', status: 409, values, errors: { form: e.message } };
    throw e;
  }
}

export async function submitNewTemplate(db: Db, request: Request, user: SessionUser, now: number): Promise<TemplateOutcome> {
  const form = await readForm(request);
  if (!form) return unreadable;
  const parsed = parseTemplateForm(form);
  if (!parsed.ok) return { kind: 'form', status: 400, values: form, errors: parsed.errors };
  return attempt(form, () => {
    createTemplate(db, parsed.value, actorOf(user), now);
    return '/admin/templates?saved=1';
  });
}

/** Saves the edited template, or deletes it when asked to (and the deletion is confirmed). */
export async function submitTemplateEdit(db: Db, id: string, request: Request, user: SessionUser, now: number): Promise<TemplateOutcome> {
  const form = await readForm(request);
  if (!form) return unreadable;
  const stored = findTemplate(db, id, now);
  if (!stored) return { kind: 'form', status: 404, values: form, errors: { form: 'That template no longer exists (it may have been deleted).' } };
  if (form.intent === 'delete') {
    // The edit form beside it shows the stored template again, not the delete form's fields.
    const values = templateFormValues(stored, null);
    if (form.confirm !== 'on') return { kind: 'form', status: 400, values, errors: { confirm: 'Tick the box to confirm the deletion.' } };
    return attempt(values, () => {
      deleteTemplate(db, id, actorOf(user), now);
      return '/admin/templates?deleted=1';
    });
  }
  const parsed = parseTemplateForm(form);
  if (!parsed.ok) return { kind: 'form', status: 400, values: form, errors: parsed.errors };
  return attempt(form, () => {
    updateTemplate(db, id, parsed.value, actorOf(user), now);
    return '/admin/templates?saved=1';
  });
}

/** Moves one template up or down its list (the list page's arrows). */
export async function submitTemplateMove(db: Db, request: Request, user: SessionUser, now: number): Promise<TemplateOutcome> {
  const form = await readForm(request);
  if (!form) return unreadable;
  const move = MOVES.find((m): m is Move => m === form.move);
  if (!move || !form.id) return { kind: 'form', status: 400, values: {}, errors: { form: 'Choose a template to move up or down.' } };
  return attempt({}, () => {
    moveTemplate(db, form.id!, move, actorOf(user), now);
    return '/admin/templates';
  });
}
