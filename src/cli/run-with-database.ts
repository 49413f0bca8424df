import type { Db } from '../../db/client.js';
import { openDatabase } from '../../db/client.js';
import { config } from '../server/config.js';
import { RejectedError } from '../server/write/events.js';

/**
 * Runs a command against the configured database, closing it afterwards. A refusal from a
 * use-case (a name taken, a password too short) is the person's to fix: its sentence goes to
 * stderr and the exit code is 1. Anything else is a fault and is thrown.
 */
export async function runWithDatabase(run: (db: Db) => number | Promise<number>): Promise<number> {
  const handle = openDatabase(config.databasePath);
  try {
    return await run(handle.db);
  } catch (e) {
    if (e instanceof RejectedError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  } finally {
    handle.close();
  }
}
