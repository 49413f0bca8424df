import { openDatabase, type DatabaseHandle } from '../../db/client.js';
import { config } from './config.js';

let handle: DatabaseHandle | null = null;

/** The process-wide database, opened (and migrated) on first use. */
export function database(): DatabaseHandle {
  handle ??= openDatabase(config.databasePath);
  return handle;
}
