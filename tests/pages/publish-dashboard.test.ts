import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { signIn } from '../helpers/admin-pages.js';
import { tempDatabasePath } from '../helpers/db.js';
import { component, page } from '../helpers/fixtures.js';
import { send } from '../helpers/http.js';
import { preparePeople } from '../helpers/people.js';
import { startLocalS3, type LocalS3 } from '../helpers/s3-server.js';
import { startServer, type RunningServer } from '../helpers/server.js';

const insertPeople = preparePeople();
let s3: LocalS3;
let server: RunningServer;
let db: { path: string; cleanup: () => void };

/** Polls until `check` passes (every 200 ms) or fails with the server's log. */
async function until(ms: number, check: () => Promise<boolean>, what: string): Promise<void> {
  const started = Date.now();
  while (!(await check().catch(() => false))) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms / 1000} s: ${what}\n${server.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The dashboard's publish warning as text, or null when it shows none. */
async function dashboardWarning(token: string): Promise<string | null> {
  const r = await send(server.url, '/admin', { cookie: token });
  expect(r.status, r.html).toBe(200);
  const m = /<p[^>]*data-publish-warning[^>]*>([\s\S]*?)<\/p>/.exec(r.html);
  return m ? m[1]! : null;
}
const publishHealth = async (): Promise<{ ok: boolean; detail: string } | undefined> =>
  ((await (await fetch(`${server.url}/health`)).json()) as { checks: Record<string, { ok: boolean; detail: string }> }).checks.publish;

beforeAll(async () => {
  s3 = await startLocalS3();
  db = tempDatabasePath();
  const h = openDatabase(db.path);
  page(h.db, 'Acme One', 'UTC', Date.now());
  component(h.db, 'api', 'API', Date.now() - 3_600_000);
  insertPeople(h.db, Date.now(), ['editor']);
  h.close();
  server = await startServer(db.path, { ...s3.env, STATIC_EXPORT_DIR: `s3://${s3.bucket}/site`, PUBLISH_STALE_SECONDS: '2' });
});
afterAll(async () => {
  await server?.stop();
  await s3?.cleanup();
  db?.cleanup();
});

describe('the dashboard and a copy in object storage', () => {
  it('warns an editor in a plain sentence while the copy is stale, and stops once the bucket is back', async () => {
    const token = await signIn(server.url, 'editor');
    await until(30_000, async () => (await (await s3.get('site/index.html')).text()).includes('Acme One'), 'first publish');
    await until(5_000, async () => (await publishHealth())?.ok === true, '/health after the first publish');
    expect(await dashboardWarning(token)).toBeNull();

    await s3.stop();
    const h = openDatabase(db.path);
    page(h.db, 'Acme Two', 'UTC', Date.now());
    h.close();
    await until(20_000, async () => (await dashboardWarning(token))?.includes('stale') === true, 'the dashboard calling the copy stale');
    const warning = (await dashboardWarning(token))!;
    // A sentence a person reads first, then the detail naming the bucket and what failed.
    expect(warning).toMatch(/^Visitors of the copy in object storage see an old page\. /);
    expect(warning).toContain(`s3://${s3.bucket}/site`);
    expect(warning).toMatch(/changes have waited \d+ s/);
    expect(warning).toMatch(/failed: /);
    expect(warning).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack trace
    const health = await publishHealth();
    expect(health?.ok).toBe(false);
    expect(health?.detail).toMatch(/stale/);

    await s3.start();
    await until(45_000, async () => (await (await s3.get('site/index.html')).text()).includes('Acme Two'), 'recovery after the bucket came back');
    await until(5_000, async () => (await dashboardWarning(token)) === null, 'the warning to go');
    expect((await publishHealth())?.ok).toBe(true);
  });
});
