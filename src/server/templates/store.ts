import { and, asc, eq, isNull, max } from 'drizzle-orm';
import { type Db, writeTransaction } from '../../../db/client.js';
import { pageSettings, templates } from '../../../db/schema.js';
import { EVENT_STATUS_LABELS, statusesFor, type EventKind, type EventStatus } from '../../core/incident-status.js';
import { templateKey } from '../../core/template.js';
import { newPublicId } from '../ids.js';
import { readPageSettings } from '../settings.js';
import { RejectedError } from '../write/events.js';
import { DEFAULT_TEMPLATES } from './defaults.js';

export interface TemplateFields {
  readonly kind: EventKind;
  readonly name: string;
  readonly status: EventStatus;
  readonly title: string;
  readonly body: string;
}

export interface TemplateRecord extends TemplateFields {
  readonly id: string;
  /** For links (`?template=…`): derived from the name, unique within the kind. */
  readonly key: string;
  readonly position: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/**
 * Copies the shipped set into the table the first time templates are read, then never again:
 * `templates_seeded_at` is claimed in the same transaction, so a second process (or a later
 * read after the owner deleted them all) finds it set and adds nothing. Like the settings row
 * made on first read, these are installation defaults, not anyone's change: not audited.
 */
export function ensureTemplatesSeeded(db: Db, now: number): void {
  readPageSettings(db, now);
  const seeded = db.select({ at: pageSettings.templatesSeededAt }).from(pageSettings).where(eq(pageSettings.id, 1)).get();
  if (typeof seeded?.at === 'number') return;
  writeTransaction(db, (tx) => {
    const claim = tx
      .update(pageSettings)
      .set({ templatesSeededAt: now })
      .where(and(eq(pageSettings.id, 1), isNull(pageSettings.templatesSeededAt)))
      .run();
    if (claim.changes === 0) return;
    const positions = new Map<EventKind, number>();
    for (const t of DEFAULT_TEMPLATES) {
      const position = positions.get(t.kind) ?? 0;
      positions.set(t.kind, position + 1);
      tx.insert(templates).values({ id: newPublicId(), ...t, position, createdAt: now, updatedAt: now }).run();
    }
  });
}

type TemplateRow = typeof templates.$inferSelect;

const toRecord = (row: TemplateRow): TemplateRecord => ({ ...row, key: templateKey(row.name) });

/** One kind's templates in the order the comms lead arranged them. */
export function listTemplates(db: Db, kind: EventKind, now: number): TemplateRecord[] {
  ensureTemplatesSeeded(db, now);
  return db
    .select()
    .from(templates)
    .where(eq(templates.kind, kind))
    .orderBy(asc(templates.position), asc(templates.createdAt), asc(templates.id))
    .all()
    .map(toRecord);
}

export function findTemplate(db: Db, id: string, now: number): TemplateRecord | null {
  ensureTemplatesSeeded(db, now);
  const row = db.select().from(templates).where(eq(templates.id, id)).get();
  return row ? toRecord(row) : null;
}

export function findTemplateByKey(db: Db, kind: EventKind, key: string | null, now: number): TemplateRecord | null {
  if (!key) return null;
  return listTemplates(db, kind, now).find((t) => t.key === key) ?? null;
}

/** The first template (in the arranged order) that moves a `kind` event to `status`. */
export function templateForStatus(db: Db, kind: EventKind, status: EventStatus, now: number): TemplateRecord | null {
  return listTemplates(db, kind, now).find((t) => t.status === status) ?? null;
}

/** Statuses a template of each kind may move to; postmortem is reached only by publishing one. */
export function templateStatuses(kind: EventKind): readonly EventStatus[] {
  return statusesFor(kind).filter((s) => s !== 'postmortem');
}

/** "an incident", "a maintenance": for messages. */
export const A_KIND: Readonly<Record<EventKind, string>> = { incident: 'an incident', maintenance: 'a maintenance' };

/** Another template of the kind already has the name's key: a conflict (the API answers 409), still a refusal for the form. */
export class TemplateNameTakenError extends RejectedError {}

/** Status belongs to the kind, the name gives a key, and no other template of the kind has that key. */
function assertStorable(db: Db, fields: TemplateFields, exceptId: string | null, now: number): void {
  if (!templateStatuses(fields.kind).includes(fields.status)) {
    throw new RejectedError(`“${EVENT_STATUS_LABELS[fields.status]}” is not a status ${A_KIND[fields.kind]} template can move to.`);
  }
  const key = templateKey(fields.name);
  if (key === '') throw new RejectedError('Give the template a name with letters or digits.');
  const clash = listTemplates(db, fields.kind, now).find((t) => t.key === key && t.id !== exceptId);
  if (clash) throw new TemplateNameTakenError(`There is already ${A_KIND[fields.kind]} template called “${clash.name}”; choose another name.`);
}

function nextPosition(db: Db, kind: EventKind): number {
  const row = db.select({ top: max(templates.position) }).from(templates).where(eq(templates.kind, kind)).get();
  return row?.top === null || row?.top === undefined ? 0 : row.top + 1;
}

/** Adds a template at the end of its kind's list. Call inside a transaction. */
export function insertTemplate(db: Db, fields: TemplateFields, now: number): TemplateRecord {
  assertStorable(db, fields, null, now);
  const id = newPublicId();
  db.insert(templates).values({ id, ...fields, position: nextPosition(db, fields.kind), createdAt: now, updatedAt: now }).run();
  return findTemplate(db, id, now)!;
}

/** Rewrites a template; one moved to the other kind goes to the end of that list. Call inside a transaction. */
export function rewriteTemplate(db: Db, id: string, fields: TemplateFields, now: number): { before: TemplateRecord; after: TemplateRecord } {
  const before = findTemplate(db, id, now);
  if (!before) throw new RejectedError('That template no longer exists (it may have been deleted).');
  assertStorable(db, fields, id, now);
  const position = fields.kind === before.kind ? before.position : nextPosition(db, fields.kind);
  db.update(templates).set({ ...fields, position, updatedAt: now }).where(eq(templates.id, id)).run();
  return { before, after: findTemplate(db, id, now)! };
}

/** Removes a template. Call inside a transaction. */
export function removeTemplate(db: Db, id: string, now: number): TemplateRecord {
  const before = findTemplate(db, id, now);
  if (!before) throw new RejectedError('That template no longer exists (it may have been deleted).');
  db.delete(templates).where(eq(templates.id, id)).run();
  return before;
}

/** Puts a kind's templates in the given order; `ids` must name each of them once. Call inside a transaction. */
export function setTemplateOrder(db: Db, kind: EventKind, ids: readonly string[], now: number): void {
  const current = listTemplates(db, kind, now).map((t) => t.id);
  const same = ids.length === current.length && new Set(ids).size === ids.length && ids.every((id) => current.includes(id));
  if (!same) throw new RejectedError('The list of templates changed meanwhile; reload the page and try again.');
  ids.forEach((id, position) => db.update(templates).set({ position, updatedAt: now }).where(eq(templates.id, id)).run());
}
