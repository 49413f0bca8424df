import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { SYSTEM } from '../../src/server/audit.js';
import { changeAccessSettings, readAccessSettings } from '../../src/server/auth/access-settings.js';
import { withDb } from '../helpers/admin-pages.js';
import { component, incident, page } from '../helpers/fixtures.js';
import { serveFixture } from '../helpers/server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const exportDir = mkdtempSync(join(tmpdir(), 'beacon-live-export-'));
afterAll(() => rmSync(exportDir, { recursive: true, force: true }));

const site = serveFixture(
  (path, now) => {
    const h = openDatabase(path);
    page(h.db, 'Acme Cloud', 'UTC', now);
    const api = component(h.db, 'api', 'API', now - 3_600_000);
    h.close();
    return { path, api };
  },
  { STATIC_EXPORT_DIR: exportDir },
);

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return Date.now() - started;
}

describe('public responses from memory', () => {
  it('answers a second request from memory, and shows a write at once', async () => {
    const base = site.server().url;
    await fetch(`${base}/`);
    const hit = await fetch(`${base}/`);
    expect(hit.headers.get('x-cache')).toBe('HIT');
    expect(hit.headers.get('vary')).toContain('Accept-Encoding');
    // A write from another connection (a second process, say) shows on the very next request.
    withDb(site.data().path, (db) => {
      const now = Date.now();
      incident(db, { title: 'Elevated API errors', startedAt: now, componentIds: [site.data().api], steps: [{ at: now, status: 'investigating', body: 'Looking.', set: { [site.data().api]: 'partial_outage' } }] });
    });
    for (const path of ['/', '/api/v2/summary.json', '/history.atom']) {
      const res = await fetch(`${base}${path}`);
      expect(res.headers.get('x-cache'), path).toBe('MISS');
      expect(await res.text(), path).toContain('Elevated API errors');
    }
    const badge = await fetch(`${base}/badge.json`);
    expect(((await badge.json()) as { message: string }).message.toLowerCase()).toContain('outage');
  });

  it('keeps admin pages, forms and /health out of memory', async () => {
    const base = site.server().url;
    for (const path of ['/admin/login', '/subscribe', '/health']) {
      await fetch(`${base}${path}`);
      expect((await fetch(`${base}${path}`)).headers.get('x-cache'), path).toBeNull();
    }
  });

  it('keeps the static copy in STATIC_EXPORT_DIR up to date', async () => {
    const index = join(exportDir, 'index.html');
    await until(() => existsSync(index), 'the first export');
    expect(readFileSync(index, 'utf8')).toContain('Acme Cloud');
    await until(() => existsSync(join(exportDir, 'components', 'api', 'index.html')), 'the component page');
    withDb(site.data().path, (db) => page(db, 'Acme Cloud Renamed', 'UTC', Date.now()));
    await until(() => readFileSync(index, 'utf8').includes('Acme Cloud Renamed'), 'the export to follow the change');
    // Each file is replaced whole (never half-written); the API follows within the same export.
    const summary = (): { page: { name: string } } => JSON.parse(readFileSync(join(exportDir, 'api', 'v2', 'summary.json'), 'utf8'));
    await until(() => summary().page.name === 'Acme Cloud Renamed', 'the API file to follow');
  });
});

describe('npm run export', () => {
  it('writes the public surface as files', async () => {
    const out = mkdtempSync(join(tmpdir(), 'beacon-export-cli-'));
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', out], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_PATH: site.data().path },
      });
      expect(stdout).toMatch(/^Exported \d+ files to /);
      for (const f of ['index.html', 'history/index.html', 'history.rss', 'history.atom', 'badge.svg', 'badge.json', 'embed.js', 'api/v2/summary.json', 'api/v2/uptime.json', 'components/api/index.html', 'components/api/badge.svg']) {
        expect(existsSync(join(out, f)), f).toBe(true);
      }
      const css = readFileSync(join(out, 'index.html'), 'utf8').match(/href="(\/_astro\/[^"]+\.css)"/)?.[1];
      expect(css && existsSync(join(out, css))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

/** Last in the file: the page turns private here and stays so. */
describe('a private page is not copied to disk', () => {
  it('npm run export refuses with a sentence and writes nothing; the background copy stops following', async () => {
    const index = join(exportDir, 'index.html');
    await until(() => existsSync(index), 'the first export');
    withDb(site.data().path, (db) => {
      changeAccessSettings(db, { ...readAccessSettings(db, Date.now()), visibility: 'private' }, false, SYSTEM, Date.now());
      page(db, 'Acme Internal Only', 'UTC', Date.now());
    });
    const base = site.server().url;
    // The server has seen the change once the public page asks for sign-in.
    await until(async () => (await fetch(`${base}/`, { redirect: 'manual' })).status === 303, 'the page to turn private');

    const out = mkdtempSync(join(tmpdir(), 'beacon-export-private-'));
    try {
      const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', out], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_PATH: site.data().path },
      });
      const failed = (await run.then(() => null, (e: unknown) => e)) as { code: number; stderr: string } | null;
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toContain('This status page is private');
      expect(failed?.stderr).toContain('Make the page public first.');
      expect(readdirSync(out)).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }

    // The refresher checks every second: several checks pass without the private content reaching disk.
    await new Promise((r) => setTimeout(r, 4_000));
    expect(readFileSync(index, 'utf8')).not.toContain('Acme Internal Only');
    expect(readFileSync(join(exportDir, 'api', 'v2', 'summary.json'), 'utf8')).not.toContain('Acme Internal Only');
  });
});
