import Database from "better-sqlite3";
import {
  drizzle,
  type BetterSQLite3Database,
} from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { sealPlainEndpoints } from "../src/server/channels/seal-plain-endpoints.js";
import * as schema from "./schema.js";

export type Db = BetterSQLite3Database<typeof schema>;

export interface DatabaseHandle {
  readonly sqlite: Database.Database;
  readonly db: Db;
  close(): void;
}

/** How long a writer waits for another connection's lock before SQLITE_BUSY, ms. */
export const BUSY_TIMEOUT_MS = 5_000;

/**
 * Page cache per connection, KiB (SQLite's default is 2,000). Finding the open incidents among
 * 20,000 reads every event's newest update: with 2 MB each read fetched the same pages from the
 * operating system again (66 ms); with 16 MiB they stay (22 ms). Taken only as pages are read,
 * so a small page's database costs no more.
 */
const PAGE_CACHE_KIB = 16 * 1024;

/**
 * Reads through a memory map of up to this much of the file, bytes: a new connection's first
 * reads (the first render after a restart) come from the operating system's cache without a
 * system call per page — the open-incident search above took 106 ms cold read page by page,
 * 32 ms mapped. Address space, not memory: pages count only once touched, and are shared.
 */
const MMAP_BYTES = 256 * 1024 * 1024;

/**
 * Finds db/migrations by walking up from this module: it sits in db/ when run from
 * source and in dist/server/chunks/ once built, so both resolve to the project root.
 */
export function findMigrationsFolder(
  from: string = dirname(fileURLToPath(import.meta.url)),
): string {
  let dir = resolve(from);
  for (;;) {
    for (const candidate of [
      join(dir, "migrations"),
      join(dir, "db", "migrations"),
    ]) {
      if (existsSync(join(candidate, "meta", "_journal.json")))
        return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`db/migrations not found above ${from}`);
    dir = parent;
  }
}

/**
 * Applies pending migrations with foreign keys off. A migration that changes a CHECK rebuilds its
 * table (create new, copy, drop old, rename); drizzle runs all migrations in one transaction, where
 * the migration's own `PRAGMA foreign_keys=OFF` is a no-op, so dropping the old table would
 * cascade-delete (or null) every row that references it: sessions, recovery codes, audit actors.
 * SQLite's documented procedure is to switch the enforcement off outside the transaction and check
 * the keys afterwards; a migration that broke a reference refuses to open the database.
 */
function migrateKeepingChildren(sqlite: Database.Database, db: Db): void {
  sqlite.pragma("foreign_keys = OFF");
  try {
    const before = appliedMigrations(sqlite);
    migrate(db, { migrationsFolder: findMigrationsFolder() });
    // Only a migration can have broken a reference (they are enforced otherwise): the check reads
    // every row of every table (a fifth of a second on a large page), too dear for every start.
    if (appliedMigrations(sqlite) === before) return;
    const broken = sqlite.pragma("foreign_key_check") as {
      table: string;
      parent: string;
    }[];
    if (broken.length > 0) {
      const first = broken[0]!;
      throw new Error(
        `The migrated database has ${broken.length} broken reference(s), the first from ${first.table} to ${first.parent}.`,
      );
    }
  } finally {
    sqlite.pragma("foreign_keys = ON");
  }
}

/** How many migrations the database has had; 0 before the first (no journal table yet). */
function appliedMigrations(sqlite: Database.Database): number {
  const journal = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  return journal ? (sqlite.prepare("select count(*) from __drizzle_migrations").pluck().get() as number) : 0;
}

/**
 * Data fix-ups every start needs once the schema is current; each is idempotent and cheap when
 * there is nothing to do. Endpoint URLs written in plain (by an earlier release, or by an older
 * process during a rolling restart) are sealed at rest.
 */
function afterMigrations(sqlite: Database.Database, db: Db): void {
  const { sealed, leftPlain } = sealPlainEndpoints(db, Date.now());
  if (sealed > 0) {
    // An update leaves the old row's bytes in the page's free space and in the WAL: rebuild the
    // file and empty the WAL so the plain URLs are gone from disk, not just from the rows. Once.
    sqlite.exec("VACUUM");
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
  }
  if (leftPlain > 0) console.error(`subscribers: ${leftPlain} endpoint(s) left unsealed: the same URL is subscribed twice on one channel; remove one on /admin/subscribers.`);
}

/** Opens (creating if needed) the SQLite file, sets the pragmas Beacon relies on, applies migrations and the fix-ups after them. */
export function openDatabase(path: string): DatabaseHandle {
  if (path !== ":memory:")
    mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  try {
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // WAL makes NORMAL durable against application crashes; only power loss can drop the last commits.
    sqlite.pragma("synchronous = NORMAL");
    sqlite.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    sqlite.pragma(`mmap_size = ${MMAP_BYTES}`);
    const db = drizzle(sqlite, { schema });
    migrateKeepingChildren(sqlite, db);
    afterMigrations(sqlite, db);
    return { sqlite, db, close: () => sqlite.close() };
  } catch (e) {
    // Callers retry (database() on every request, /health on every probe): don't leak a descriptor each time.
    sqlite.close();
    throw e;
  }
}

/**
 * Runs `fn` in a write transaction that takes SQLite's write lock at BEGIN (IMMEDIATE). A deferred
 * transaction would start as a reader and, on its first write while another connection writes,
 * fail at once with SQLITE_BUSY — the busy timeout never applies to that upgrade. Taking the lock
 * first makes every writer wait its turn for up to BUSY_TIMEOUT_MS. Synchronous: no awaits inside.
 */
export function writeTransaction<T>(db: Db, fn: (tx: Db) => T): T {
  try {
    return db.transaction((tx) => fn(tx as unknown as Db), {
      behavior: "immediate",
    });
  } finally {
    // After COMMIT (or rollback: a needless re-read is harmless), before the caller can answer anyone.
    Atomics.add(localCommits(), 0, 1);
  }
}

const COMMITS = Symbol.for("beacon.local-commits");

/**
 * How many write transactions this process has finished: a counter in shared memory, so the
 * fast path learns of a commit made by any module graph or thread that shares it the moment the
 * commit is done, without asking SQLite on every request (see content-version.ts).
 */
export function localCommits(): Int32Array {
  const g = globalThis as { [COMMITS]?: Int32Array };
  return (g[COMMITS] ??= new Int32Array(new SharedArrayBuffer(4)));
}

/** Makes this thread count its commits on the counter of the thread that started it. */
export function shareLocalCommits(counter: Int32Array): void {
  (globalThis as { [COMMITS]?: Int32Array })[COMMITS] = counter;
}

/**
 * The connection behind a database handle, or null for a drizzle transaction object, which does
 * not carry it (readSnapshot runs on the connection itself, so reads inside one have it).
 */
export function connectionOf(db: Db): Database.Database | null {
  return (db as { $client?: Database.Database }).$client ?? null;
}

/**
 * Runs `fn` in a read-only snapshot (a deferred transaction that never writes): several reads that
 * must agree with each other, e.g. rows and the stamps that key them. Writes go through
 * writeTransaction. Synchronous: no awaits inside.
 *
 * On a connection's handle the transaction is the connection's own and `fn` gets the handle: reads
 * inside can use statements prepared on the connection (a drizzle transaction object has none).
 * A transaction is the connection's state, so drizzle's queries on the handle run inside it too.
 */
export function readSnapshot<T>(db: Db, fn: (tx: Db) => T): T {
  const connection = connectionOf(db);
  if (connection) return connection.transaction(() => fn(db)).deferred();
  return db.transaction((tx) => fn(tx as unknown as Db), { behavior: 'deferred' });
}
