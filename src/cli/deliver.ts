/**
 * npm run deliver — drains the outbox without serving the site: for running delivery in its own
 * process, or for a one-off catch-up. Stops gracefully on SIGTERM/SIGINT (mails in flight finish).
 */
import { startBackground } from '../server/background.js';
import { config } from '../server/config.js';
import { database } from '../server/db.js';

const background = startBackground({ db: database().db, config, idleMs: 200 });
if (!background.worker) process.exit(1);
console.log('Delivering…');

async function stop(): Promise<void> {
  await background.stop();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
