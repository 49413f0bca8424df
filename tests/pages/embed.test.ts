import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { serveFixture } from '../helpers/server.js';
import { writePublicSite } from './public-site.fixture.js';

const SOURCE = readFileSync(new URL('../../src/server/embed/widget.js', import.meta.url), 'utf8');

const fixture = serveFixture(writePublicSite, { PUBLIC_URL: 'https://status.example.com/' });

async function get(path: string, init?: RequestInit): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await fetch(`${fixture.server().url}${path}`, { redirect: 'manual', ...init });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

describe('/embed.js', () => {
  it('serves the widget as JavaScript that any origin may load', async () => {
    const { status, body, headers } = await get('/embed.js');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(headers.get('access-control-allow-origin')).toBe('*');
    expect(headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    expect(Number(/max-age=(\d+)/.exec(headers.get('cache-control')!)![1])).toBeLessThanOrEqual(600);
    expect(headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(body).toBe(SOURCE);
  });

  it('is under 4 KB gzipped, as served', async () => {
    const { body } = await get('/embed.js');
    expect(gzipSync(Buffer.from(body, 'utf8')).length).toBeLessThan(4096);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const etag = (await get('/embed.js')).headers.get('etag')!;
    const again = await get('/embed.js', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
  });

  it('refuses other methods with 405', async () => {
    const { status, headers } = await get('/embed.js', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(status).toBe(405);
    expect(headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('/embed', () => {
  it('is a small HTML page with the status, linking to the public page in a new tab', async () => {
    const { status, body, headers } = await get('/embed');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(body).toContain('<span class="d">Minor Service Outage</span><span class="n">Test Status</span>');
    expect(body).toMatch(/<a href="https:\/\/status\.example\.com\/" target="_blank" rel="noopener" data-indicator="minor">/);
    expect(body).not.toMatch(/<script/i);
  });

  it('may be framed by any site: frame-ancestors *, no X-Frame-Options', async () => {
    const { headers } = await get('/embed');
    expect(headers.get('content-security-policy')).toMatch(/(^|;\s*)frame-ancestors \*(;|$)/);
    expect(headers.get('x-frame-options')).toBeNull();
  });

  it('is cacheable with 304s', async () => {
    const first = await get('/embed');
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    const again = await get('/embed', { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it.each(['/', '/history', '/integrations', '/components/rest', '/badge.svg', '/embed.js', '/history.rss', '/nope'])(
    '%s does not allow framing by other sites',
    async (path) => {
      const { headers } = await get(path);
      expect(headers.get('content-security-policy') ?? '').not.toContain('frame-ancestors *');
    },
  );
});
