/**
 * npm run serve — the production server: Astro's built handler inside our own node:http server,
 * plus the background work (outbox delivery, purges) in the same process, and a graceful stop:
 * on SIGTERM/SIGINT it stops accepting, lets requests and mails in flight finish, and exits 0.
 * Expects a build (`npm run build`) and a migrated database (`npm run migrate`).
 */
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startBackground, type Background } from '../server/background.js';
import { config } from '../server/config.js';
import { database } from '../server/db.js';

let stopping = false;
/** How long in-flight work may take after a stop signal before the process exits anyway, ms. */
const STOP_GRACE_MS = 15_000;

// Use the adapter's request handler (static files + pages) without letting it start its own server.
process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const entry = pathToFileURL(resolve(process.env.BEACON_OUT_DIR || 'dist', 'server', 'entry.mjs')).href;
const { handler } = (await import(entry)) as { handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void };

const port = Number(process.env.PORT?.trim() || 4321);
const host = process.env.HOST?.trim() || 'localhost';
const server = createServer(handler);
server.listen(port, host, () => console.log(`Beacon listening on ${config.listenUrl}`));

/** Milliseconds between attempts to start background work while the database cannot be opened. */
const RETRY_MS = 5_000;
let background: Background | null = null;
// The site keeps serving (and /health says why) when the database is unusable; mail starts once it is.
function startBackgroundWhenReady(): void {
  if (stopping) return;
  try {
    background = startBackground({ db: database().db, config });
  } catch (e) {
    console.error(`Background work is waiting for the database: ${(e as Error).message}`);
    setTimeout(startBackgroundWhenReady, RETRY_MS).unref();
  }
}

async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: finishing requests and mails in flight…`);
  setTimeout(() => {
    console.error(`Still busy after ${STOP_GRACE_MS / 1000} s; exiting. Unsent mail stays in the outbox.`);
    process.exit(1);
  }, STOP_GRACE_MS).unref();
  const closed = new Promise<void>((done) => server.close(() => done()));
  server.closeIdleConnections();
  await Promise.all([closed, background?.stop()]);
  console.log('Stopped.');
  process.exit(0);
}
startBackgroundWhenReady();
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
