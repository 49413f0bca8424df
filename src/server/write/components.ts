import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { components } from '../../../db/schema.js';
import { COMPONENT_STATUS_LABELS, type ComponentStatus } from '../../core/component-status.js';
import { newPublicId } from '../ids.js';
import { findComponentById, type AdminComponentRecord, type ComponentRecord } from '../read/components.js';
import { RejectedError } from './events.js';
import { recordStatusChange } from './status-change.js';

export type NewComponent = Pick<
  ComponentRecord,
  'slug' | 'name' | 'description' | 'isGroup' | 'groupId' | 'position' | 'showcase' | 'onlyShowIfDegraded' | 'startDate'
>;

/** What an owner may change on an existing component; whether it is a group is fixed at creation. */
export type ComponentDefinition = Omit<NewComponent, 'isGroup' | 'position'>;

/** A refusal that belongs next to one form field (`slug`, `group`). */
export class FieldRejectedError extends RejectedError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Creates a component (or group); a leaf starts with one history row so its status is known from `now`. */
export function insertComponent(db: Db, input: NewComponent, now: number, initial: ComponentStatus = 'operational'): string {
  assertPlacement(db, { id: null, isGroup: input.isGroup, name: input.name }, input.groupId);
  assertSlugFree(db, input.slug, null);
  const id = newPublicId();
  db.insert(components)
    .values({ id, ...input, createdAt: now, updatedAt: now })
    .run();
  if (!input.isGroup) {
    recordStatusChange(db, { componentId: id, from: null, to: initial, at: now, cause: 'manual' }, { team: false, subscribers: false }, now);
  }
  return id;
}

/** The position after the last live sibling: new and moved components go to the end of their group (or the top level). */
export function nextPosition(db: Db, groupId: string | null): number {
  const row = db
    .select({ max: sql<number | null>`max(${components.position})` })
    .from(components)
    .where(and(groupId === null ? isNull(components.groupId) : eq(components.groupId, groupId), isNull(components.archivedAt)))
    .get();
  return (row?.max ?? 0) + 1;
}

/** Changes a live component's definition; moving it to another group puts it last there. */
export function updateComponent(db: Db, id: string, input: ComponentDefinition, now: number): void {
  const current = liveComponent(db, id);
  assertPlacement(db, current, input.groupId);
  assertSlugFree(db, input.slug, id);
  const position = input.groupId === current.groupId ? {} : { position: nextPosition(db, input.groupId) };
  db.update(components)
    .set({ ...input, ...position, updatedAt: now })
    .where(eq(components.id, id))
    .run();
}

/**
 * Swaps a live component with its neighbour among its siblings (same group, or the top level)
 * in page order, renumbering the siblings 1…n. Returns false at either end: nothing to do.
 */
export function moveAmongSiblings(db: Db, id: string, direction: 'up' | 'down', now: number): boolean {
  const current = liveComponent(db, id);
  const siblings = db
    .select({ id: components.id, position: components.position })
    .from(components)
    .where(and(current.groupId === null ? isNull(components.groupId) : eq(components.groupId, current.groupId), isNull(components.archivedAt)))
    .orderBy(asc(components.position), asc(components.name), asc(components.id))
    .all();
  const i = siblings.findIndex((s) => s.id === id);
  const j = direction === 'up' ? i - 1 : i + 1;
  if (j < 0 || j >= siblings.length) return false;
  [siblings[i], siblings[j]] = [siblings[j]!, siblings[i]!];
  siblings.forEach((s, k) => {
    if (s.position !== k + 1) db.update(components).set({ position: k + 1, updatedAt: now }).where(eq(components.id, s.id)).run();
  });
  return true;
}

/** Archives a live component: it leaves the public page, API, feeds and badges; its history stays. */
export function markArchived(db: Db, id: string, now: number): void {
  const current = liveComponent(db, id);
  if (current.isGroup) {
    const child = db
      .select({ id: components.id })
      .from(components)
      .where(and(eq(components.groupId, id), isNull(components.archivedAt)))
      .get();
    if (child) throw new RejectedError(`Move or archive the components in “${current.name}” first: archiving the group would leave them without one.`);
  }
  db.update(components).set({ archivedAt: now, updatedAt: now }).where(eq(components.id, id)).run();
}

/** Brings an archived component back, last among its siblings; its group must be live. */
export function markUnarchived(db: Db, id: string, now: number): void {
  const current = existingComponent(db, id);
  if (current.archivedAt === null) throw new RejectedError(`“${current.name}” is not archived.`);
  if (current.groupId !== null) {
    const group = findComponentById(db, current.groupId);
    if (group && group.archivedAt !== null) throw new RejectedError(`Its group “${group.name}” is archived; restore the group first.`);
  }
  db.update(components)
    .set({ archivedAt: null, position: nextPosition(db, current.groupId), updatedAt: now })
    .where(eq(components.id, id))
    .run();
}

/**
 * Records a status set by hand in the leaf's history (cause 'manual', with who did it).
 * Returns the status it replaces.
 */
export function insertManualStatus(db: Db, id: string, status: ComponentStatus, actorId: string | null, now: number): ComponentStatus {
  const current = liveComponent(db, id);
  if (current.isGroup) throw new RejectedError(`“${current.name}” is a group; set the status of the components inside it instead.`);
  const from = current.latestStatus ?? 'operational';
  if (from === status) throw new RejectedError(`“${current.name}” is already ${COMPONENT_STATUS_LABELS[status]}.`);
  recordStatusChange(db, { componentId: id, from, to: status, at: now, cause: 'manual', actorId }, { team: true, subscribers: true }, now);
  return from;
}

function existingComponent(db: Db, id: string): AdminComponentRecord {
  const found = findComponentById(db, id);
  if (!found) throw new RejectedError('That component does not exist (it may have been removed).');
  return found;
}

/** A component that may be changed: it exists and is not archived (archived ones are read-only until restored). */
export function liveComponent(db: Db, id: string): AdminComponentRecord {
  const found = existingComponent(db, id);
  if (found.archivedAt !== null) throw new RejectedError(`“${found.name}” is archived; restore it before changing it.`);
  return found;
}

/** Top level, or inside a live group: one level deep, so a group never goes inside another. */
function assertPlacement(db: Db, subject: { id: string | null; isGroup: boolean; name: string }, groupId: string | null): void {
  if (groupId === null) return;
  if (subject.isGroup) {
    const hasChildren = subject.id !== null && db.select({ id: components.id }).from(components).where(eq(components.groupId, subject.id)).get() !== undefined;
    throw new FieldRejectedError(
      'group',
      hasChildren ? `“${subject.name}” has components inside it, so it cannot go inside a group: groups are one level deep.` : 'Groups cannot be placed inside other groups.',
    );
  }
  const group = findComponentById(db, groupId);
  if (!group?.isGroup) throw new FieldRejectedError('group', 'Components can only be placed in a group, one level deep.');
  if (group.archivedAt !== null) throw new FieldRejectedError('group', `The group “${group.name}” is archived; choose another or restore it first.`);
}

function assertSlugFree(db: Db, slug: string, exceptId: string | null): void {
  const taken = db.select({ id: components.id, archivedAt: components.archivedAt }).from(components).where(eq(components.slug, slug)).get();
  if (taken && taken.id !== exceptId) {
    throw new FieldRejectedError('slug', `The address “${slug}” is already used by another component${taken.archivedAt === null ? '' : ' (an archived one)'}.`);
  }
}
