import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serveFixture } from '../helpers/server.js';
import { writePublicSite } from './public-site.fixture.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const JOURNAL = JSON.parse(readFileSync(new URL('../../db/migrations/meta/_journal.json', import.meta.url), 'utf8')) as {
  entries: { tag: string }[];
};

describe('/health on a healthy server', () => {
  const fixture = serveFixture(writePublicSite);

  it('answers 200 JSON with the version, the database and its migrations, uncached', async () => {
    const res = await fetch(`${fixture.server().url}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as Record<string, any>;
    expect(body.status).toBe('ok');
    expect(body.version).toBe(VERSION);
    expect(Number.isInteger(body.uptimeSeconds) && body.uptimeSeconds >= 0).toBe(true);
    expect(body.database.reachable).toBe(true);
    const latestTag = JOURNAL.entries.at(-1)!.tag;
    expect(body.database.migration).toMatchObject({
      applied: { count: JOURNAL.entries.length, tag: latestTag },
      latest: { count: JOURNAL.entries.length, tag: latestTag },
      pending: 0,
    });
    expect(body.database.migration.applied.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(body.database.migration.applied.hash).toBe(body.database.migration.latest.hash);
    expect(body.checks).toEqual({
      database: { ok: true, detail: expect.any(String) },
      migrations: { ok: true, detail: expect.any(String) },
      // No SMTP_URL in this fixture: said in words, not a failure.
      outbox: { ok: true, detail: 'Mail is not configured (SMTP_URL); 0 pending, 0 failed, kept until it is.' },
    });
  });

  it('answers HEAD with the status and no body', async () => {
    const res = await fetch(`${fixture.server().url}/health`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('refuses other methods with 405 and says which are allowed', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      // As an API client sends them (JSON): a form-like or bodiless cross-site write is refused with
      // 403 by Astro's origin check before any route runs.
      const res = await fetch(`${fixture.server().url}/health`, { method, headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
    }
  });
});

describe('/health when the database file is not a database', () => {
  const fixture = serveFixture((path) => writeFileSync(path, 'not a database '.repeat(500)));

  it('answers 503 with SQLite\'s error instead of failing', async () => {
    const res = await fetch(`${fixture.server().url}/health`);
    expect(res.status).toBe(503);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as Record<string, any>;
    expect(body.status).toBe('error');
    expect(body.version).toBe(VERSION);
    expect(body.database).toEqual({ reachable: false, error: 'file is not a database', migration: null });
    expect(body.checks.database).toEqual({ ok: false, detail: 'file is not a database' });
    expect(body.checks.migrations.ok).toBe(false);
  });
});
