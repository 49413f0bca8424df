import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { tempDatabasePath } from '../helpers/db.js';
import { component, page } from '../helpers/fixtures.js';
import { startLocalS3, type LocalS3 } from '../helpers/s3-server.js';
import { startServer, type RunningServer } from '../helpers/server.js';

let s3: LocalS3;
let server: RunningServer;
let db: { path: string; cleanup: () => void };

function rename(name: string): void {
  const h = openDatabase(db.path);
  page(h.db, name, 'UTC', Date.now());
  h.close();
}

/** Polls until `check` passes; returns how long it took, ms. */
async function within(ms: number, check: () => Promise<boolean>, what: string): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check().catch(() => false)) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`not within ${ms / 1000} s: ${what}\n${server.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const bucketHome = async (): Promise<string> => (await s3.get('site/index.html')).text();
const health = async (): Promise<{ checks: Record<string, { ok: boolean; detail: string }> }> => (await fetch(`${server.url}/health`)).json() as never;

beforeAll(async () => {
  s3 = await startLocalS3();
  db = tempDatabasePath();
  const h = openDatabase(db.path);
  page(h.db, 'Acme One', 'UTC', Date.now());
  component(h.db, 'api', 'API', Date.now() - 3_600_000);
  h.close();
  server = await startServer(db.path, { ...s3.env, STATIC_EXPORT_DIR: `s3://${s3.bucket}/site`, PUBLISH_STALE_SECONDS: '2' });
});
afterAll(async () => {
  await server?.stop();
  await s3?.cleanup();
  db?.cleanup();
});

describe('a running server publishing to object storage', () => {
  it('publishes at start and each change within seconds, reports a stale copy while the bucket is down, recovers, and the bucket outlives the server', async () => {
    await within(30_000, async () => (await bucketHome()).includes('Acme One'), 'first publish');
    // The page is uploaded before the rest of the first publish; on a loaded machine the whole can take longer than the 2 s allowed.
    await within(30_000, async () => (await health()).checks.publish?.ok === true, '/health reporting the first publish');

    rename('Acme Two');
    const took = await within(15_000, async () => (await bucketHome()).includes('Acme Two'), 'a change reaching the bucket');
    expect(took).toBeLessThan(15_000);

    await s3.stop();
    rename('Acme Three');
    await within(20_000, async () => (await health()).checks.publish?.ok === false, '/health calling the copy stale');
    const stale = await health();
    expect(stale.checks.publish!.detail).toMatch(/stale/);
    expect(stale.checks.publish!.detail).toMatch(/failed/);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^beacon_publish_failures_total [1-9]/m);
    expect(metrics).toMatch(/^beacon_publish_pending_seconds [0-9.]+/m);

    await s3.start();
    await within(45_000, async () => (await bucketHome()).includes('Acme Three'), 'recovery after the bucket came back');
    await within(5_000, async () => (await health()).checks.publish?.ok === true, '/health recovering');

    await server.stop();
    const home = await s3.get('site/index.html');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await home.text()).toContain('Acme Three');
    const summary = await s3.get('site/api/v2/summary.json');
    expect(summary.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await summary.json()) as { page: { name: string } }).page.name).toBe('Acme Three');
    for (const feed of ['site/history.rss', 'site/history.atom']) {
      const r = await s3.get(feed);
      expect(r.status).toBe(200);
      expect(await r.text()).toContain('Acme Three');
    }
    const badge = await s3.get('site/badge.svg');
    expect(badge.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await badge.text()).toContain('<svg');
  });
});
