/**
 * npm run serve — the production server. Public GET/HEAD requests are answered from memory by the
 * fast path (rendered once per content change); everything else goes to the Astro site, which
 * runs on a thread of its own (site-thread.ts) so that hits pay nothing for it. The same
 * process runs the background work (maintenance schedule, outbox delivery, purges) and, with
 * STATIC_EXPORT_DIR, keeps a static copy of the public site up to date (a folder, or a bucket for s3://…). On SIGTERM/SIGINT it stops
 * accepting, lets requests and mails in flight finish, and exits 0.
 * Expects a build (`npm run build`) and a migrated database (`npm run migrate`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { startBackground, type Background } from '../server/background.js';
import { contentVersionReader } from '../server/cache/content-version.js';
import { createFastPath } from '../server/cache/fast-path.js';
import { ResponseCache } from '../server/cache/response-cache.js';
import { config } from '../server/config.js';
import { database } from '../server/db.js';
import { startExportRefresher } from '../server/export/refresher.js';
import { publicPaths } from '../server/export/public-paths.js';
import { exportSite } from '../server/export/static-export.js';
import { enforceBodyLimit } from '../server/http/body-limit.js';
import { answerUnknownMethods, refuseUnsupportedMethod } from '../server/http/methods.js';
import { applySecurityHeaders, securityHeadersFor } from '../server/http/security-headers.js';
import { measureMainThreadLag } from '../server/metrics/main-thread-lag.js';
import { startSiteThread } from '../server/site-thread.js';
import { isPagePrivate } from '../server/auth/private/visibility.js';
import { startPublishing } from '../server/publish/start.js';
import { isObjectStorageUrl } from '../server/publish/target.js';

/** How long in-flight work may take after a stop signal before the process exits anyway, ms. */
const STOP_GRACE_MS = 15_000;
/** Memory for rendered public responses (all encodings), bytes. */
const CACHE_BYTES = 64 * 1024 * 1024;
/** Milliseconds between attempts to start background work while the database cannot be opened. */
const RETRY_MS = 5_000;
/**
 * How long the fast path trusts a content version read while this process commits nothing, ms:
 * another process's write (the CLI, a restore) shows within this; this process's at once.
 */
const VERSION_TRUST_MS = 5;

let stopping = false;
measureMainThreadLag();
const site = await startSiteThread({ log: (line) => console.error(line) });
const version = contentVersionReader(database, { trustMs: VERSION_TRUST_MS });
let privacy: { readonly version: number; readonly private: boolean } | null = null;
/** Whether the page is private, read again only when content (the owner's setting with it) changes. */
function pagePrivate(): boolean {
  if (config.forcePrivate) return true;
  const v = version();
  // Unknown (database unreadable): nothing from memory, the site decides.
  if (v === null) return true;
  if (privacy?.version !== v) privacy = { version: v, private: isPagePrivate(database().db) };
  return privacy.private;
}
const fastPath = createFastPath({
  cache: new ResponseCache(CACHE_BYTES),
  version,
  now: Date.now,
  render: (p) => site.render(p),
  baseHeaders: securityHeadersFor,
  bypass: pagePrivate,
});

const port = Number(process.env.PORT?.trim() || 4321);
const host = process.env.HOST?.trim() || 'localhost';
const toSite = (req: IncomingMessage, res: ServerResponse): void => {
  applySecurityHeaders(res, (req.url ?? '/').split('?')[0]!);
  if (enforceBodyLimit(req, res)) site.handler(req, res);
};
const server = createServer((req, res) => {
  if (refuseUnsupportedMethod(req, res)) return;
  let handled: boolean | Promise<boolean>;
  try {
    // Hits are answered synchronously with headers prepared when the entry was made.
    handled = fastPath(req, res);
  } catch (e) {
    console.error(`fast path: ${(e as Error).message}; answering through the site instead`);
    handled = false;
  }
  if (handled === true) return;
  if (handled === false) return toSite(req, res);
  handled.then(
    (done) => {
      if (!done) toSite(req, res);
    },
    (e: unknown) => {
      console.error(`fast path: ${(e as Error).message}; answering through the site instead`);
      if (!res.headersSent) toSite(req, res);
    },
  );
});
answerUnknownMethods(server);
server.listen(port, host, () => console.log(`Beacon listening on ${config.listenUrl}`));

const exportDir = config.staticExportDir;
let publisher: { stop(): Promise<void> } | null = null;
if (exportDir && isObjectStorageUrl(exportDir)) {
  try {
    publisher = startPublishing({ url: exportDir, config, env: process.env, db: () => database().db, site, isPrivate: pagePrivate, version, log: (line) => console.error(line) });
  } catch (e) {
    console.error(`STATIC_EXPORT_DIR: ${(e as Error).message}`);
    process.exit(2);
  }
}
const refresher = exportDir && !publisher
  ? startExportRefresher({
      version,
      // A private page has no public copy: the export is left as it is until the page is public again.
      run: async () => (pagePrivate() ? undefined : exportSite(resolve(exportDir), publicPaths(database().db), (p) => site.render(p), site.clientDir)),
      checkMs: 1_000,
      maxAgeMs: 5 * 60_000,
      now: Date.now,
      log: (line) => console.error(line),
    })
  : null;

let background: Background | null = null;
// The site keeps serving (and /health says why) when the database is unusable; mail starts once it is.
function startBackgroundWhenReady(): void {
  if (stopping) return;
  try {
    background = startBackground({ db: database().db, config, delivery: 'thread' });
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
  await Promise.all([closed, background?.stop(), refresher?.stop(), publisher?.stop()]);
  await site.close();
  console.log('Stopped.');
  process.exit(0);
}
startBackgroundWhenReady();
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
