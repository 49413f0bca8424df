/**
 * npm run export -- <dir> — writes the whole public surface (pages, feeds, JSON API, badges,
 * widget, static files) into <dir> as plain files, for any web server, CDN or object store.
 * npm run export -- s3://bucket/prefix — publishes the same to S3-compatible object storage
 * (credentials, region and AWS_ENDPOINT_URL_S3 from the standard AWS variables), incrementally.
 * Expects a build (`npm run build`); reads DATABASE_PATH like the server. Refuses a private page.
 */
import { resolve } from 'node:path';
import { PRIVATE_EXPORT_REFUSAL } from '../server/auth/private/gate.js';
import { isPagePrivate } from '../server/auth/private/visibility.js';
import { config } from '../server/config.js';
import { database } from '../server/db.js';
import { exportSite } from '../server/export/static-export.js';
import { publicPaths } from '../server/export/public-paths.js';
import { PublishRefused } from '../server/publish/publisher.js';
import { publishOnceWith } from '../server/publish/start.js';
import { isObjectStorageUrl } from '../server/publish/target.js';
import { loadSite } from '../server/site.js';

const dir = process.argv[2];
if (!dir) {
  console.error('Usage: npm run export -- <directory | s3://bucket/prefix>');
  process.exit(2);
}
// Refused before anything is written or even rendered.
if (isPagePrivate(database().db)) {
  console.error(PRIVATE_EXPORT_REFUSAL);
  database().close();
  process.exit(1);
}
const site = await loadSite();
try {
  const started = Date.now();
  const seconds = (): string => ((Date.now() - started) / 1000).toFixed(1);
  if (isObjectStorageUrl(dir)) {
    const result = await publishOnceWith({ url: dir, config, env: process.env, db: () => database().db, site })();
    console.log(`Published to ${dir} in ${seconds()} s: ${result.uploaded} uploaded, ${result.deleted} deleted, ${result.unchanged} unchanged.`);
    for (const s of result.skipped) console.error(`  skipped ${s.path} (HTTP ${s.status})`);
    process.exitCode = result.skipped.length > 0 ? 1 : 0;
  } else {
    const result = await exportSite(resolve(dir), publicPaths(database().db), (p) => site.render(p), site.clientDir);
    console.log(`Exported ${result.written} files to ${resolve(dir)} in ${seconds()} s.`);
    for (const s of result.skipped) console.error(`  skipped ${s.path} (HTTP ${s.status})`);
    process.exitCode = result.skipped.length > 0 ? 1 : 0;
  }
} catch (e) {
  if (!isObjectStorageUrl(dir)) throw e;
  // A refusal, a bad address or the bucket's error: a sentence for the operator, not a stack trace.
  console.error(e instanceof PublishRefused ? e.message : `Could not publish to ${dir}: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await site.close();
  database().close();
}
