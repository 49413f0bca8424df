import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { writeTransaction, type Db } from '../../../db/client.js';
import { subscribers } from '../../../db/schema.js';
import { sealEndpoint } from './endpoint-seal.js';

export interface PlainEndpointsSealed {
  /** Rows whose plain URL is now sealed. */
  readonly sealed: number;
  /**
   * Rows left plain because the sealed form of the same URL already belongs to another subscriber
   * of that channel (an older process added the URL again during a rolling restart): sealing
   * would break the unique index, and deleting a subscription is a person's decision. Readers
   * still accept the plain value.
   */
  readonly leftPlain: number;
}

/**
 * Seals every endpoint still stored as a plain URL: those of databases written before endpoints
 * were sealed, and any an older process wrote during a rolling restart. One write transaction;
 * idempotent (a sealed value is never touched again), and the key is only created when there is
 * something to seal. Run after migrations on every open, where it costs one indexed scan.
 */
export function sealPlainEndpoints(db: Db, now: number): PlainEndpointsSealed {
  // Only what readers pass through as plain: anything else that is not sealed stays refused.
  const plain = and(isNotNull(subscribers.endpoint), sql`(${subscribers.endpoint} like 'http://%' or ${subscribers.endpoint} like 'https://%')`);
  // A read first, outside the write lock: the usual answer is "nothing to do".
  if (!db.select({ id: subscribers.id }).from(subscribers).where(plain).limit(1).get()) return { sealed: 0, leftPlain: 0 };
  return writeTransaction(db, (tx) => {
    let sealed = 0;
    let leftPlain = 0;
    for (const row of tx.select({ id: subscribers.id, channel: subscribers.channel, endpoint: subscribers.endpoint }).from(subscribers).where(plain).all()) {
      const value = sealEndpoint(tx, row.endpoint!, now);
      const taken = tx.select({ id: subscribers.id }).from(subscribers).where(and(eq(subscribers.channel, row.channel), eq(subscribers.endpoint, value))).get();
      if (taken) {
        leftPlain++;
        continue;
      }
      tx.update(subscribers).set({ endpoint: value }).where(eq(subscribers.id, row.id)).run();
      sealed++;
    }
    return { sealed, leftPlain };
  });
}
