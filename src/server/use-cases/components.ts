import { type Db, writeTransaction } from '../../../db/client.js';
import { assertDatesInBounds } from '../write/date-bounds.js';
import type { ComponentStatus } from '../../core/component-status.js';
import { changedFields } from '../audit-diff.js';
import { recordAudit, type Actor } from '../audit.js';
import type { NewComponentFields } from '../forms/component-form.js';
import {
  insertComponent,
  insertManualStatus,
  liveComponent,
  markArchived,
  markUnarchived,
  moveAmongSiblings,
  nextPosition,
  updateComponent,
  type ComponentDefinition,
} from '../write/components.js';

const DEFINITION_KEYS = ['name', 'slug', 'description', 'groupId', 'startDate', 'showcase', 'onlyShowIfDegraded'] as const satisfies readonly (keyof ComponentDefinition)[];

/**
 * Creates a component or group, last in its group (or the top level): one transaction, audited.
 * A leaf starts `initial` (the API lets a script create a component already in outage); groups have no status of their own.
 */
export function createComponent(db: Db, fields: NewComponentFields, actor: Actor, now: number, initial: ComponentStatus = 'operational'): { id: string } {
  assertDatesInBounds(db, { days: [fields.startDate] }, now);
  return writeTransaction(db, (tx) => {
    const id = insertComponent(tx, { ...fields, position: nextPosition(tx, fields.groupId) }, now, initial);
    const diff = { name: fields.name, slug: fields.slug, isGroup: fields.isGroup, groupId: fields.groupId, ...(fields.isGroup || initial === 'operational' ? {} : { status: initial }) };
    recordAudit(tx, actor, { action: 'component.created', objectType: 'component', objectId: id, diff }, now);
    return { id };
  });
}

/** Changes a component's definition; audited with the fields that changed (nothing changed: nothing written). */
export function editComponent(db: Db, id: string, fields: ComponentDefinition, actor: Actor, now: number): void {
  writeTransaction(db, (tx) => {
    const before = liveComponent(tx, id);
    const diff = changedFields<ComponentDefinition>(before, fields, DEFINITION_KEYS);
    if (Object.keys(diff).length === 0) return;
    // Only a new start date is checked: a stored one, however old, does not block other edits.
    if ('startDate' in diff) assertDatesInBounds(tx, { days: [fields.startDate] }, now);
    updateComponent(tx, id, fields, now);
    recordAudit(tx, actor, { action: 'component.updated', objectType: 'component', objectId: id, diff }, now);
  });
}

/** Moves a component one place up or down among its siblings; at either end nothing is written. */
export function moveComponent(db: Db, id: string, direction: 'up' | 'down', actor: Actor, now: number): void {
  writeTransaction(db, (tx) => {
    if (moveAmongSiblings(tx, id, direction, now)) {
      recordAudit(tx, actor, { action: 'component.moved', objectType: 'component', objectId: id, diff: { direction } }, now);
    }
  });
}

export function archiveComponent(db: Db, id: string, actor: Actor, now: number): void {
  writeTransaction(db, (tx) => {
    markArchived(tx, id, now);
    recordAudit(tx, actor, { action: 'component.archived', objectType: 'component', objectId: id }, now);
  });
}

export function unarchiveComponent(db: Db, id: string, actor: Actor, now: number): void {
  writeTransaction(db, (tx) => {
    markUnarchived(tx, id, now);
    recordAudit(tx, actor, { action: 'component.unarchived', objectType: 'component', objectId: id }, now);
  });
}

/** Sets a leaf's status by hand: a 'manual' row in its history carrying the actor, audited. */
export function setComponentStatus(db: Db, id: string, status: ComponentStatus, actor: Actor, now: number): void {
  writeTransaction(db, (tx) => {
    const from = insertManualStatus(tx, id, status, actor.id, now);
    recordAudit(tx, actor, { action: 'component.status_changed', objectType: 'component', objectId: id, diff: { status: { from, to: status } } }, now);
  });
}
