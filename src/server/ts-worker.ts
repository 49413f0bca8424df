import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * The import target of tsx's documented `tsx/esm/api` export, found from its package.json: a
 * CommonJS-style resolve of the export would return the `require` target instead.
 */
const TSX_API = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;

/**
 * A worker thread running a TypeScript module the way the server runs (tsx): loader flags given
 * to the process do not reach worker threads, so the thread registers tsx itself before
 * importing `entry`.
 */
export function tsWorker(entry: URL, workerData: unknown): Worker {
  const bootstrap = `import(${JSON.stringify(TSX_API)})
  .then((tsx) => tsx.register())
  .then(() => import(${JSON.stringify(entry.href)}));`;
  return new Worker(bootstrap, { eval: true, workerData });
}
