/**
 * npm run migrate — creates the database at DATABASE_PATH if needed and applies pending
 * migrations, so a broken database stops `npm start` before the server listens. While no
 * account exists, it also prints a one-time link that creates the owner.
 */
import { openDatabase } from '../../db/client.js';
import { issueSetupToken } from '../server/auth/setup.js';
import { config } from '../server/config.js';
import { publicBaseUrl } from '../server/public-url.js';
import { readPageSettings } from '../server/settings.js';

try {
  const handle = openDatabase(config.databasePath);
  const applied = handle.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
  console.log(`Database ready at ${config.databasePath} (${applied.n} migration${applied.n === 1 ? '' : 's'} applied).`);
  const now = Date.now();
  const token = issueSetupToken(handle.db, now);
  if (token) {
    const base = publicBaseUrl(config.publicUrl, readPageSettings(handle.db, now).url, config.listenUrl);
    console.log(`No admin account yet. Create the owner within 24 hours at:\n  ${base}/admin/setup/${token}`);
  }
  handle.close();
} catch (e) {
  console.error(`Cannot open the database at ${config.databasePath}: ${(e as Error).message}`);
  process.exitCode = 1;
}
