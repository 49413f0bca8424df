import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Rendered } from '../../../src/server/cache/fast-path.js';
import { startExportRefresher } from '../../../src/server/export/refresher.js';
import { exportSite, fileFor } from '../../../src/server/export/static-export.js';

describe('fileFor', () => {
  it.each([
    ['/', 'text/html', 'index.html'],
    ['/history', 'text/html; charset=utf-8', join('history', 'index.html')],
    ['/components/api', 'text/html', join('components', 'api', 'index.html')],
    ['/history.atom', 'application/atom+xml', 'history.atom'],
    ['/api/v2/summary.json', 'application/json', join('api', 'v2', 'summary.json')],
    ['/badge.svg', 'image/svg+xml', 'badge.svg'],
    ['/embed.js', 'text/javascript', 'embed.js'],
    ['/components/caf%C3%A9', 'text/html', join('components', 'café', 'index.html')],
  ])('%s (%s) → %s', (path, type, file) => expect(fileFor(path, type)).toBe(file));

  it.each(['/../etc/passwd', '/a/%2e%2e/b', '/a%5Cb', '/%E0%A4%A'])('refuses %s', (path) => expect(fileFor(path, 'text/html')).toBeNull());
});

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'beacon-export-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const page = (body: string, type = 'text/html', status = 200): Rendered => ({ status, headers: new Headers({ 'content-type': type }), body: Buffer.from(body) });

describe('exportSite', () => {
  it('writes every rendered path and the static files, skipping what is not a 200', async () => {
    const client = join(dir, 'client');
    mkdirSync(join(client, '_astro'), { recursive: true });
    writeFileSync(join(client, '_astro', 'site.css'), 'body{}');
    const out = join(dir, 'out');
    const pages: Record<string, Rendered> = {
      '/': page('<h1>Home</h1>'),
      '/api/v2/summary.json': page('{"ok":true}', 'application/json'),
      '/incidents/gone': page('not found', 'text/html', 404),
    };
    const result = await exportSite(out, Object.keys(pages), async (p) => pages[p]!, client);
    expect(result).toEqual({ written: 2, skipped: [{ path: '/incidents/gone', status: 404 }] });
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('<h1>Home</h1>');
    expect(JSON.parse(readFileSync(join(out, 'api', 'v2', 'summary.json'), 'utf8'))).toEqual({ ok: true });
    expect(readFileSync(join(out, '_astro', 'site.css'), 'utf8')).toBe('body{}');
  });

  it('replaces files in place and removes those no longer part of the site', async () => {
    const out = join(dir, 'out');
    await exportSite(out, ['/', '/incidents/a'], async () => page('v1'), null);
    expect(existsSync(join(out, 'incidents', 'a', 'index.html'))).toBe(true);
    await exportSite(out, ['/'], async () => page('v2'), null);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('v2');
    expect(existsSync(join(out, 'incidents', 'a', 'index.html'))).toBe(false);
  });
});

describe('startExportRefresher', () => {
  it('exports at once, again after each content change, and at least every maxAge', async () => {
    vi.useFakeTimers();
    try {
      let version: number | null = 1;
      let now = 0;
      const runs: number[] = [];
      const r = startExportRefresher({ version: () => version, run: async () => void runs.push(now), checkMs: 1000, maxAgeMs: 60_000, now: () => now, log: () => {} });
      await vi.advanceTimersByTimeAsync(0);
      expect(runs).toEqual([0]);
      now = 3000;
      await vi.advanceTimersByTimeAsync(3000);
      expect(runs).toEqual([0]); // nothing changed
      version = 2;
      now = 4000;
      await vi.advanceTimersByTimeAsync(1000);
      expect(runs).toEqual([0, 4000]);
      now = 70_000;
      await vi.advanceTimersByTimeAsync(1000);
      expect(runs).toEqual([0, 4000, 70_000]);
      version = null; // unreadable database: keep the last good export
      now = 200_000;
      await vi.advanceTimersByTimeAsync(1000);
      expect(runs).toHaveLength(3);
      await r.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('logs a failed export and tries again on the next check', async () => {
    vi.useFakeTimers();
    try {
      const lines: string[] = [];
      let attempts = 0;
      const r = startExportRefresher({
        version: () => 1,
        run: async () => {
          attempts++;
          if (attempts === 1) throw new Error('disk full');
        },
        checkMs: 1000,
        maxAgeMs: 60_000,
        now: () => 0,
        log: (l) => lines.push(l),
      });
      await vi.advanceTimersByTimeAsync(0);
      expect(lines).toEqual(['static export failed, will retry: disk full']);
      await vi.advanceTimersByTimeAsync(1000);
      expect(attempts).toBe(2);
      await vi.advanceTimersByTimeAsync(5000);
      expect(attempts).toBe(2);
      await r.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('backs off after failures in a row when asked to', async () => {
    vi.useFakeTimers();
    try {
      let now = 0;
      const attempts: number[] = [];
      const r = startExportRefresher({
        version: () => 1,
        run: async () => {
          attempts.push(now);
          throw new Error('bucket down');
        },
        checkMs: 1000,
        maxAgeMs: 60_000,
        now: () => now,
        log: () => {},
        retryAfterMs: (failures) => 1000 * 2 ** (failures - 1),
      });
      for (let t = 0; t <= 8000; t += 1000) {
        now = t;
        await vi.advanceTimersByTimeAsync(t === 0 ? 0 : 1000);
      }
      // Failed at 0 (wait 1 s), 1000 (wait 2 s), 3000 (wait 4 s), 7000.
      expect(attempts).toEqual([0, 1000, 3000, 7000]);
      await r.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
