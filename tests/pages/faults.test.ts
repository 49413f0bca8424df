import Database from 'better-sqlite3';
import { count } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { events } from '../../db/schema.js';
import { signIn, withDb } from '../helpers/admin-pages.js';
import { tempDatabasePath } from '../helpers/db.js';
import { component, page } from '../helpers/fixtures.js';
import { send } from '../helpers/http.js';
import { preparePeople } from '../helpers/people.js';
import { serveFixture, startServer } from '../helpers/server.js';

const people = preparePeople();
const site = serveFixture((path, now) => {
  const h = openDatabase(path);
  page(h.db, 'Acme', 'UTC', now);
  people(h.db, now);
  const api = component(h.db, 'api', 'API', now - 3_600_000);
  h.close();
  return { path, api };
});

describe('a database held by another writer', () => {
  it('answers a write with a clear 503 after the busy timeout, keeps serving public pages, and changes nothing', async () => {
    const base = site.server().url;
    const cookie = await signIn(base, 'editor');
    await fetch(`${base}/`); // rendered once: public pages come from memory while the lock is held
    const before = withDb(site.data().path, (db) => db.select({ n: count() }).from(events).get()!.n);
    const holder = new Database(site.data().path);
    holder.prepare('begin immediate').run();
    try {
      const started = Date.now();
      const [post, home, api] = await Promise.all([
        send(base, '/admin/incidents/new', {
          cookie,
          form: { title: 'Blocked', severity: 'SEV2', status: 'investigating', message: 'Looking.', notify: 'on', [`component:${site.data().api}`]: 'major_outage' },
        }),
        fetch(`${base}/`),
        fetch(`${base}/api/v2/summary.json`),
      ]);
      expect(post.status).toBe(503);
      expect(post.html).toContain('busy saving other changes');
      expect(post.headers.get('retry-after')).toBe('2');
      expect(Date.now() - started).toBeGreaterThanOrEqual(4_500);
      expect(home.status).toBe(200);
      expect(api.status).toBe(200);
    } finally {
      holder.prepare('rollback').run();
      holder.close();
    }
    expect(withDb(site.data().path, (db) => db.select({ n: count() }).from(events).get()!.n)).toBe(before);
  }, 30_000);
});

describe('SIGTERM', () => {
  it('finishes the request in flight, then exits 0', async () => {
    const { path, cleanup } = tempDatabasePath();
    try {
      const h = openDatabase(path);
      page(h.db, 'Acme', 'UTC', Date.now());
      h.close();
      const server = await startServer(path);
      const inflight = fetch(`${server.url}/history?slow=${Date.now()}`);
      await new Promise((r) => setTimeout(r, 20));
      const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));
      server.process.kill('SIGTERM');
      const res = await inflight;
      expect(res.status).toBe(200);
      expect(await exited).toBe(0);
      expect(server.output()).toContain('SIGTERM: finishing requests and mails in flight');
      expect(server.output()).toContain('Stopped.');
      await expect(fetch(`${server.url}/`)).rejects.toThrow();
    } finally {
      cleanup();
    }
  }, 30_000);
});
