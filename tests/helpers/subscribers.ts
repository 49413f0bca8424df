import type { Db } from '../../db/client.js';
import { deliveries, subscriberComponents, subscribers } from '../../db/schema.js';
import type { DeliveryKind, DeliveryState } from '../../src/core/delivery.js';
import type { SubscriberState } from '../../src/core/subscriber-state.js';
import { newPublicId } from '../../src/server/ids.js';

/**
 * A subscriber written straight into the tables, in any state (the use-cases only reach some
 * states through several steps). Without `componentIds` they hear about every component.
 */
export function subscriber(
  db: Db,
  email: string,
  state: SubscriberState,
  at: number,
  options: Partial<{ componentIds: readonly string[]; linkGeneration: number }> = {},
): string {
  const id = newPublicId();
  db.insert(subscribers)
    .values({
      id,
      email,
      state,
      allComponents: options.componentIds === undefined,
      linkGeneration: options.linkGeneration ?? 0,
      createdAt: at,
      updatedAt: at,
      confirmedAt: state === 'unconfirmed' ? null : at,
      unsubscribedAt: state === 'unsubscribed' ? at : null,
      quarantinedAt: state === 'quarantined' ? at : null,
    })
    .run();
  for (const componentId of options.componentIds ?? []) db.insert(subscriberComponents).values({ subscriberId: id, componentId }).run();
  return id;
}

/** One outbox row for `subscriberId` (a confirmation unless told otherwise), due at `due`. */
export function delivery(
  db: Db,
  subscriberId: string,
  due: number,
  options: Partial<{ kind: DeliveryKind; state: DeliveryState; payload: string | null; dedupeKey: string; leaseUntil: number | null; attempts: number }> = {},
): number {
  return db
    .insert(deliveries)
    .values({
      kind: options.kind ?? 'confirm',
      subscriberId,
      dedupeKey: options.dedupeKey ?? `test:${newPublicId()}`,
      payload: options.payload === undefined ? '{"token":"t"}' : options.payload,
      state: options.state ?? 'pending',
      attempts: options.attempts ?? 0,
      nextAttemptAt: due,
      leaseUntil: options.leaseUntil ?? null,
      createdAt: due,
      updatedAt: due,
    })
    .returning({ id: deliveries.id })
    .get().id;
}
