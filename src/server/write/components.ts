import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { components, componentStatusChanges } from '../../../db/schema.js';
import type { ComponentStatus } from '../../core/component-status.js';
import { newPublicId } from '../ids.js';
import type { ComponentRecord } from '../read/components.js';
import { RejectedError } from './events.js';

export type NewComponent = Pick<
  ComponentRecord,
  'slug' | 'name' | 'description' | 'isGroup' | 'groupId' | 'position' | 'showcase' | 'onlyShowIfDegraded' | 'startDate'
>;

/** Creates a component (or group); a leaf starts with one history row so its status is known from `now`. */
export function insertComponent(db: Db, input: NewComponent, now: number, initial: ComponentStatus = 'operational'): string {
  if (input.groupId !== null) {
    if (input.isGroup) throw new RejectedError('Groups cannot be placed inside other groups.');
    const group = db.select({ isGroup: components.isGroup }).from(components).where(eq(components.id, input.groupId)).get();
    if (!group?.isGroup) throw new RejectedError('Components can only be placed in a group, one level deep.');
  }
  const taken = db.select({ id: components.id }).from(components).where(eq(components.slug, input.slug)).get();
  if (taken) throw new RejectedError(`The address “${input.slug}” is already used by another component.`);
  const id = newPublicId();
  db.insert(components)
    .values({ id, ...input, createdAt: now, updatedAt: now })
    .run();
  if (!input.isGroup) {
    db.insert(componentStatusChanges).values({ componentId: id, status: initial, at: now, cause: 'manual' }).run();
  }
  return id;
}
