/**
 * npx tsx tests/bench/scale-profile.ts — where an uncached render of the scale page's big pages goes:
 * the view model alone (in this process, on the database) and the whole render by the built site
 * (`node <BEACON_OUT_DIR>/server/entry.mjs`, no cache), with the HTML size. A quicker, narrower
 * companion to the scale phase of serve.ts, for working on one page at a time.
 *
 * The database is generated once (serve-scale.ts) into --db and reused while it exists.
 * Options: --db=/tmp/beacon-scale-profile/scale.db --samples=7 --no-render
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../db/client.js';
import { componentPageView } from '../../src/server/views/component-page.js';
import { historyPageView } from '../../src/server/views/history-page.js';
import { homeView } from '../../src/server/views/home.js';
import { writeScalePage } from './serve-scale.js';
import { freePort } from '../helpers/free-port.js';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: '/tmp/beacon-scale-profile/scale.db' },
    samples: { type: 'string', default: '7' },
    'no-render': { type: 'boolean', default: false },
  },
});
const SAMPLES = Number(args.samples);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT_DIR = process.env.BEACON_OUT_DIR || 'dist-bench';
/** The busiest component of the scale page: serve-scale.ts names the first leaf. */
const BUSIEST = 'region-0-service-0';
const PATHS = ['/', `/components/${BUSIEST}`, '/history'] as const;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function timeIt(fn: () => unknown): number {
  fn(); // warm: statements prepared, code compiled
  const ms: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

async function renderTimes(): Promise<void> {
  const entry = join(ROOT, OUT_DIR, 'server', 'entry.mjs');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build with BEACON_OUT_DIR=${OUT_DIR} first`);
  const port = await freePort();
  const child = spawn(process.execPath, [entry], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATABASE_PATH: args.db },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let tries = 0; ; tries++) {
      try {
        await fetch(`${url}/health`);
        break;
      } catch {
        if (tries > 300) throw new Error('the site did not start');
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    for (const path of PATHS) {
      await fetch(`${url}${path}?warm`).then((r) => r.text());
      const ms: number[] = [];
      let bytes = 0;
      for (let i = 0; i < SAMPLES; i++) {
        const t = performance.now();
        const res = await fetch(`${url}${path}?bench=${i}`, { headers: { 'accept-encoding': 'identity' } });
        const body = await res.arrayBuffer();
        ms.push(performance.now() - t);
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
        bytes = body.byteLength;
      }
      console.log(`render ${path.padEnd(36)} ${median(ms).toFixed(1).padStart(8)} ms (worst ${Math.max(...ms).toFixed(1)})  ${(bytes / 1024).toFixed(0)} KiB`);
    }
  } finally {
    child.kill('SIGTERM');
  }
}

async function main(): Promise<void> {
  const fresh = !existsSync(args.db);
  const handle = openDatabase(args.db);
  if (fresh) {
    const t = performance.now();
    const page = writeScalePage(handle, Date.now());
    handle.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    console.log(`generated ${page.components} components, ${page.incidents} incidents in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const now = Date.now();
  const views: readonly [string, () => unknown][] = [
    ['/', () => homeView(handle.db, now)],
    [`/components/${BUSIEST}`, () => componentPageView(handle.db, BUSIEST, null, now)],
    ['/history', () => historyPageView(handle.db, null, now)],
    ['/history?page=4', () => historyPageView(handle.db, '4', now)],
  ];
  for (const [path, fn] of views) console.log(`view   ${path.padEnd(36)} ${timeIt(fn).toFixed(1).padStart(8)} ms`);
  handle.close();
  if (!args['no-render']) await renderTimes();
}

await main();
