/**
 * npm run backup -- <file> — a consistent copy of the database at DATABASE_PATH, taken with
 * SQLite's online backup while the server keeps running (readers and writers are not stopped).
 * Restore by stopping the server and putting the file in DATABASE_PATH's place.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { config } from '../server/config.js';

const target = process.argv[2];
if (!target) {
  console.error('Usage: npm run backup -- <file>');
  process.exit(2);
}
if (!existsSync(config.databasePath)) {
  console.error(`There is no database at ${config.databasePath} to back up.`);
  process.exit(1);
}
const started = Date.now();
// Read-only: a backup never migrates or otherwise changes the live file.
const source = new Database(config.databasePath, { readonly: true, fileMustExist: true });
try {
  source.pragma('busy_timeout = 5000');
  const result = await source.backup(resolve(target));
  console.log(`Backed up ${result.totalPages} pages to ${resolve(target)} in ${Date.now() - started} ms.`);
} catch (e) {
  console.error(`Backup failed: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  source.close();
}
