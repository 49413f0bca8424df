import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openDatabase, type DatabaseHandle } from '../../db/client.js';

export interface TempDatabase extends DatabaseHandle {
  readonly path: string;
  /** Closes the connection and deletes the file (and its WAL). */
  dispose(): void;
}

/** A fresh SQLite file in a temporary folder, migrated from scratch. */
export function tempDatabase(): TempDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'beacon-test-'));
  const path = join(dir, 'beacon.db');
  const handle = openDatabase(path);
  return {
    ...handle,
    path,
    dispose(): void {
      handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A path for a database that does not exist yet (for processes that create it themselves). */
export function tempDatabasePath(): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'beacon-test-'));
  return { path: join(dir, 'beacon.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Every byte kept on disk for the database at `path`: the file, its WAL and shared memory (each
 * database lives alone in its temporary folder). For checking that a value is not stored in plain.
 */
export function databaseFileBytes(path: string): Buffer {
  const dir = dirname(path);
  return Buffer.concat(readdirSync(dir).map((f) => readFileSync(join(dir, f))));
}
