import { connectionOf, type Db } from '../../../db/client.js';
import { contentVersion } from '../../../db/schema.js';

/**
 * Remembers a read of public content until that content changes. The key is the content version,
 * which triggers bump with every change to a content table (migration 0003) whoever writes, so a
 * remembered value is never stale — it answers the many renders that follow one change (page,
 * API, badges, feeds) with one read instead of one each.
 *
 * Only on a database handle outside any transaction: inside one, the version may carry the
 * transaction's own uncommitted bump, and a rollback would let the next commit reuse that number
 * for different content. The value is shared by every caller: read-only by type.
 */
export function rememberedUntilContentChanges<T>(read: (db: Db) => T): (db: Db) => T {
  return remembered(read, 'all');
}

/**
 * As rememberedUntilContentChanges, for a read of events and what their views show (their updates,
 * affected components, announced changes, components' names): kept until one of those changes
 * (migration 0010's `events_version`), so a component's status change does not cost it again.
 */
export function rememberedUntilEventsChange<T>(read: (db: Db) => T): (db: Db) => T {
  return remembered(read, 'events');
}

/** Which counter of content_version: every public table's, or events' and what their views read. */
export type ContentScope = 'all' | 'events';

/**
 * The content version of `scope` as a key for remembering reads, or null when it must not be one:
 * inside a transaction (its own uncommitted bump could be rolled back and the number reused for
 * other content) or on a database without the counter.
 */
export function versionKey(db: Db, scope: ContentScope): number | null {
  // Transactions are drizzle objects without the connection; the handle says whether one is open.
  const client = connectionOf(db);
  if (!client || client.inTransaction) return null;
  const column = scope === 'all' ? contentVersion.version : contentVersion.eventsVersion;
  return db.select({ version: column }).from(contentVersion).get()?.version ?? null;
}

function remembered<T>(read: (db: Db) => T, scope: ContentScope): (db: Db) => T {
  const memo = new WeakMap<object, { readonly version: number; readonly value: T }>();
  return (db: Db): T => {
    // Read the version before the content: a write in between leaves the value stamped older
    // than it is, so it is read again next time, never kept past the change.
    const version = versionKey(db, scope);
    if (version === null) return read(db);
    const hit = memo.get(db);
    if (hit && hit.version === version) return hit.value;
    const value = read(db);
    memo.set(db, { version, value });
    return value;
  };
}
