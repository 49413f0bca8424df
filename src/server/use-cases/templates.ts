import { type Db, writeTransaction } from '../../../db/client.js';
import { recordAudit, type Actor } from '../audit.js';
import { insertTemplate, listTemplates, removeTemplate, rewriteTemplate, setTemplateOrder, findTemplate, type TemplateFields, type TemplateRecord } from '../templates/store.js';
import { RejectedError } from '../write/events.js';

const FIELDS = ['kind', 'name', 'status', 'title', 'body'] as const;

/** Only what changed, so the audit log shows the edit rather than the whole template again. */
function changedFields(before: TemplateFields, after: TemplateFields): Record<string, { from: string; to: string }> {
  const diff: Record<string, { from: string; to: string }> = {};
  for (const f of FIELDS) if (before[f] !== after[f]) diff[f] = { from: before[f], to: after[f] };
  return diff;
}

/** Adds a template at the end of its kind's list: one transaction, audited. */
export function createTemplate(db: Db, fields: TemplateFields, actor: Actor, now: number): TemplateRecord {
  return writeTransaction(db, (tx) => {
    const created = insertTemplate(tx, fields, now);
    recordAudit(tx, actor, { action: 'template.created', objectType: 'template', objectId: created.id, diff: { kind: fields.kind, name: fields.name, status: fields.status } }, now);
    return created;
  });
}

export function updateTemplate(db: Db, id: string, fields: TemplateFields, actor: Actor, now: number): TemplateRecord {
  return writeTransaction(db, (tx) => {
    const { before, after } = rewriteTemplate(tx, id, fields, now);
    recordAudit(tx, actor, { action: 'template.updated', objectType: 'template', objectId: id, diff: changedFields(before, after) }, now);
    return after;
  });
}

export function deleteTemplate(db: Db, id: string, actor: Actor, now: number): void {
  writeTransaction(db, (tx) => {
    const removed = removeTemplate(tx, id, now);
    recordAudit(tx, actor, { action: 'template.deleted', objectType: 'template', objectId: id, diff: { kind: removed.kind, name: removed.name } }, now);
  });
}

export const MOVES = ['up', 'down'] as const;
export type Move = (typeof MOVES)[number];

/** Swaps a template with its neighbour in its kind's list; at either end it stays put (and nothing is written). */
export function moveTemplate(db: Db, id: string, move: Move, actor: Actor, now: number): void {
  writeTransaction(db, (tx) => {
    const template = findTemplate(tx, id, now);
    if (!template) throw new RejectedError('That template no longer exists (it may have been deleted).');
    const ids = listTemplates(tx, template.kind, now).map((t) => t.id);
    const from = ids.indexOf(id);
    const to = move === 'up' ? from - 1 : from + 1;
    if (to < 0 || to >= ids.length) return;
    [ids[from], ids[to]] = [ids[to]!, ids[from]!];
    setTemplateOrder(tx, template.kind, ids, now);
    recordAudit(tx, actor, { action: 'template.reordered', objectType: 'template', objectId: id, diff: { kind: template.kind, order: ids } }, now);
  });
}
