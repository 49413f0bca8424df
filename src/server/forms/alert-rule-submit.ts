import type { Db } from '../../../db/client.js';
import type { SessionUser } from '../auth/session.js';
import { readForm } from '../http/form.js';
import { listComponents } from '../read/components.js';
import { listTemplates } from '../templates/store.js';
import { createAlertRule, deleteAlertRule, saveAlertRouting } from '../use-cases/alert-rules.js';
import { RejectedError } from '../write/events.js';
import { parseAlertRuleForm, parseRoutingForm } from './alert-rule-form.js';
import { actorOf } from './incident-submit.js';

export type AlertRuleOutcome =
  | { readonly kind: 'done'; readonly location: string }
  | { readonly kind: 'form'; readonly status: 400 | 409; readonly values: Readonly<Record<string, string>>; readonly errors: Readonly<Record<string, string>> };

/** The rules page's three forms: add a rule, delete one, save the zero-config routing. */
export async function submitAlertRules(db: Db, request: Request, user: SessionUser, now: number): Promise<AlertRuleOutcome> {
  const form = await readForm(request);
  if (!form) return { kind: 'form', status: 400, values: {}, errors: { form: 'The form could not be read; please send it again.' } };
  const actor = actorOf(user);
  try {
    if (form.intent === 'delete') {
      deleteAlertRule(db, form.id ?? '', actor, now);
      return { kind: 'done', location: '/admin/alerts/rules?deleted=1' };
    }
    if (form.intent === 'routing') {
      const parsed = parseRoutingForm(form);
      if (!parsed.ok) return { kind: 'form', status: 400, values: form, errors: parsed.errors };
      saveAlertRouting(db, parsed.value, actor, now);
      return { kind: 'done', location: '/admin/alerts/rules?saved=1' };
    }
    const componentIds = listComponents(db).filter((c) => !c.isGroup).map((c) => c.id);
    const templateIds = listTemplates(db, 'incident', now).map((t) => t.id);
    const parsed = parseAlertRuleForm(form, componentIds, templateIds);
    if (!parsed.ok) return { kind: 'form', status: 400, values: form, errors: parsed.errors };
    createAlertRule(db, parsed.value, actor, now);
    return { kind: 'done', location: '/admin/alerts/rules?saved=1' };
  } catch (e) {
    if (e instanceof RejectedError) return { kind: 'form', status: 409, values: form, errors: { form: e.message } };
    throw e;
  }
}
