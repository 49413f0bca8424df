/**
 * npm run export -- <dir> — writes the whole public surface (pages, feeds, JSON API, badges,
 * widget, static files) into <dir> as plain files, for any web server, CDN or object store.
 * Expects a build (`npm run build`); reads DATABASE_PATH like the server. Refuses a private page.
 */
import { resolve } from 'node:path';
import { PRIVATE_EXPORT_REFUSAL } from '../server/auth/private/gate.js';
import { isPagePrivate } from '../server/auth/private/visibility.js';
import { database } from '../server/db.js';
import { exportSite } from '../server/export/static-export.js';
import { publicPaths } from '../server/export/public-paths.js';
import { loadSite } from '../server/site.js';

const dir = process.argv[2];
if (!dir) {
  console.error('Usage: npm run export -- <directory>');
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
  const result = await exportSite(resolve(dir), publicPaths(database().db), (p) => site.render(p), site.clientDir);
  console.log(`Exported ${result.written} files to ${resolve(dir)} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  for (const s of result.skipped) console.error(`  skipped ${s.path} (HTTP ${s.status})`);
  process.exitCode = result.skipped.length > 0 ? 1 : 0;
} finally {
  await site.close();
  database().close();
}
