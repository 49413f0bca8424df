import type { DatabaseHandle } from '../../../db/client.js';
import { errorMessage } from './check.js';
import { compareMigrations, readAppliedMigrations, type ShippedMigration } from './migrations.js';
import type { DatabaseProbe } from './report.js';

/**
 * Opens the database through `open` (so a file that fails to open or migrate counts as
 * unreachable rather than failing the request), runs a trivial query, then reads the
 * applied migrations. Never throws: every failure becomes part of the probe.
 */
export function probeDatabase(open: () => DatabaseHandle, shipped: () => readonly ShippedMigration[]): DatabaseProbe {
  let sqlite: DatabaseHandle['sqlite'];
  try {
    sqlite = open().sqlite;
    // Not `select 1`: once the schema is loaded SQLite answers it without opening a read
    // transaction, so it passes even while the file is locked away from us. Counting the
    // schema has to read the file.
    sqlite.prepare('select count(*) from sqlite_master').get();
  } catch (e) {
    return { reachable: false, error: errorMessage(e), migration: null };
  }
  try {
    return { reachable: true, error: null, migration: compareMigrations(readAppliedMigrations(sqlite), shipped()) };
  } catch (e) {
    return { reachable: true, error: errorMessage(e), migration: null };
  }
}
