/**
 * npm run migrate — creates the database at DATABASE_PATH if needed and applies pending
 * migrations, so a broken database stops `npm start` before the server listens.
 */
import { openDatabase } from '../../db/client.js';
import { config } from '../server/config.js';

try {
  const handle = openDatabase(config.databasePath);
  const applied = handle.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
  handle.close();
  console.log(`Database ready at ${config.databasePath} (${applied.n} migration${applied.n === 1 ? '' : 's'} applied).`);
} catch (e) {
  console.error(`Cannot open the database at ${config.databasePath}: ${(e as Error).message}`);
  process.exitCode = 1;
}
