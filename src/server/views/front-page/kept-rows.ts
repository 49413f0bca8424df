import Database from 'better-sqlite3';
import { ne } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { writeTransaction, type Db } from '../../../../db/client.js';
import { frontRows } from '../../../../db/schema.js';
import type { Fragment, FragmentStore, Fragments } from '../../cache/fragment-store.js';
import { preparedOn } from '../../read/prepared.js';

/**
 * A build's kept rows, read once per process as its first `/` renders: prepared on the connection
 * (prepared.ts), where drizzle's mapping of 500 rows costs a fresh process about 10 ms more.
 */
const KEPT_ROWS = 'select slot, key, html, valid_until as validUntil from front_rows where build = ?';

/** Pause before writing rows again after the database was locked or failed, ms. */
const RETRY_MS = 1_000;

export interface KeptRowsOptions {
  /** The process's database: rows are read from it, and written through a connection of their own. */
  readonly db: Db;
  /** Its file; null (an in-memory database) keeps rows in memory only. */
  readonly file: string | null;
  /** The build of the site rendering the rows (row-store.ts): rows of any other build are never used. */
  readonly build: string;
  readonly log: (line: string) => void;
}

/**
 * The front page's rows in memory, written through to the `front_rows` table so the first `/`
 * after a restart reuses the rows rendered before it instead of building 500 again.
 *
 * Reads: on first use, every row this build rendered is loaded into `memory`; from then on memory
 * answers (the table only ever holds what memory held). A row loaded is still checked against the
 * key of its current inputs and its time limit like any other, so one written before a change
 * made while the server was down is never shown.
 *
 * Writes: batched, after the render that produced them (setImmediate), in one transaction on a
 * connection that never waits for SQLite's lock (busy timeout 0): a page render never blocks on a
 * writer elsewhere. A locked database or a failed write leaves the rows pending and tries again
 * later; losing them costs a re-render after the next restart, nothing else.
 */
export function keptAcrossRestarts(memory: FragmentStore, options: KeptRowsOptions): Fragments {
  const pending = new Map<string, Fragment>();
  let loaded = false;
  let purged = false;
  let scheduled = false;
  let failing = false;
  let writer: Db | null = null;

  const load = (): void => {
    loaded = true;
    try {
      const statement = preparedOn(options.db, KEPT_ROWS);
      if (statement === null) throw new Error('the database handle carries no connection');
      const rows = statement.all(options.build) as { slot: string; key: string; html: Buffer; validUntil: number | null }[];
      for (const r of rows) memory.set(r.slot, { key: r.key, html: r.html, validUntil: r.validUntil ?? Infinity });
    } catch (e) {
      options.log(`front page: could not read the kept rows (${(e as Error).message}); rendering them afresh`);
    }
  };

  const write = (): void => {
    scheduled = false;
    if (pending.size === 0 || options.file === null) return;
    const batch = [...pending];
    try {
      if (writer === null) {
        const connection = new Database(options.file);
        connection.pragma('busy_timeout = 0');
        writer = drizzle(connection);
      }
      const now = Date.now();
      writeTransaction(writer, (tx) => {
        // Rows of other builds can never be used again: gone with the first write of this one.
        if (!purged) tx.delete(frontRows).where(ne(frontRows.build, options.build)).run();
        for (const [slot, f] of batch) {
          const row = { build: options.build, key: f.key, html: Buffer.from(f.html), validUntil: Number.isFinite(f.validUntil) ? f.validUntil : null, writtenAt: now };
          tx.insert(frontRows).values({ slot, ...row }).onConflictDoUpdate({ target: frontRows.slot, set: row }).run();
        }
      });
      purged = true;
      failing = false;
      // Rows set again meanwhile stay pending with their newer fragment.
      for (const [slot, f] of batch) if (pending.get(slot) === f) pending.delete(slot);
    } catch (e) {
      // Said once per spell of failures: a lasting one would otherwise fill the log every second.
      if ((e as { code?: string }).code !== 'SQLITE_BUSY' && !failing) options.log(`front page: could not keep rendered rows (${(e as Error).message}); trying again every ${RETRY_MS / 1000} s`);
      failing = true;
      scheduled = true;
      setTimeout(write, RETRY_MS).unref();
    }
  };

  return {
    get(id, key, now) {
      if (!loaded) load();
      return memory.get(id, key, now);
    },
    set(id, fragment) {
      memory.set(id, fragment);
      pending.set(id, fragment);
      if (!scheduled) {
        scheduled = true;
        setImmediate(write);
      }
    },
  };
}
