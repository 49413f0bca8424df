import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFastPath, type Rendered } from '../../../src/server/cache/fast-path.js';
import { ResponseCache } from '../../../src/server/cache/response-cache.js';

let server: Server;
let base: string;
let version: number | null;
let clock: number;
let renders: string[];
let page: (path: string) => Rendered;
let gate: Promise<void> | null;

beforeEach(async () => {
  version = 1;
  clock = Date.UTC(2026, 10, 23, 12, 0, 10);
  renders = [];
  gate = null;
  page = (path) => ({
    status: 200,
    headers: new Headers({ 'content-type': 'text/html', 'cache-control': 'public, max-age=10', vary: 'Origin' }),
    body: Buffer.from(`<p>${path} v${version}</p>`.repeat(50)),
  });
  const fastPath = createFastPath({
    cache: new ResponseCache(1_000_000),
    version: () => version,
    now: () => clock,
    baseHeaders: (path): Record<string, string> => (path === '/embed' ? { 'x-base': 'embed' } : { 'x-frame-options': 'DENY', 'cache-control': 'overridden by the route' }),
    render: async (path) => {
      renders.push(path);
      if (gate) await gate;
      return page(path);
    },
  });
  server = createServer((req, res) => {
    void Promise.resolve(fastPath(req, res)).then((handled) => {
      if (!handled) {
        res.writeHead(299, { 'x-handled-by': 'site' });
        res.end('site');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => new Promise<void>((r) => server.close(() => r())));

const get = (path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> => fetch(`${base}${path}`, { method, headers });

describe('the fast path', () => {
  it('renders a path once and answers the next requests from memory, headers kept', async () => {
    const first = await get('/');
    const second = await get('/');
    expect([first.headers.get('x-cache'), second.headers.get('x-cache')]).toEqual(['MISS', 'HIT']);
    expect(renders).toEqual(['/']);
    expect(await second.text()).toBe(await first.text());
    expect(second.headers.get('cache-control')).toBe('public, max-age=10');
    // The path's base (security) headers come with it, hit or miss; the route's own win.
    expect([first.headers.get('x-frame-options'), second.headers.get('x-frame-options')]).toEqual(['DENY', 'DENY']);
    expect((await get('/embed')).headers.get('x-base')).toBe('embed');
    expect(second.headers.get('vary')).toBe('Origin, Accept-Encoding');
    expect(second.headers.get('etag')).toMatch(/^"[\w-]{22}-gz"$/); // fetch asks for gzip
  });

  it('keys by path and query', async () => {
    await get('/history?page=2');
    await get('/history?page=3');
    await get('/history?page=2');
    expect(renders).toEqual(['/history?page=2', '/history?page=3']);
  });

  it('renders again as soon as the content version moves, and when the clock minute turns', async () => {
    await get('/');
    version = 2;
    const after = await get('/');
    expect(after.headers.get('x-cache')).toBe('MISS');
    expect(await after.text()).toContain('v2');
    clock += 60_000;
    expect((await get('/')).headers.get('x-cache')).toBe('MISS');
    expect(renders).toHaveLength(3);
  });

  it('shares one render between concurrent misses for a path', async () => {
    let open: () => void = () => {};
    gate = new Promise<void>((r) => (open = r));
    const pending = Array.from({ length: 20 }, () => get('/'));
    await new Promise((r) => setTimeout(r, 50));
    open();
    const all = await Promise.all(pending);
    expect(all.every((r) => r.status === 200)).toBe(true);
    expect(renders).toEqual(['/']);
  });

  it('serves brotli or gzip as accepted, each with its own ETag, decoding to the same bytes', async () => {
    const plain = Buffer.from(await (await get('/', { 'accept-encoding': 'identity' })).arrayBuffer());
    const raw = (enc: string): Promise<{ headers: Headers; body: Buffer }> =>
      new Promise((resolve) => {
        // fetch would decode transparently; read the bytes as sent.
        import('node:http').then(({ get: httpGet }) =>
          httpGet(`${base}/`, { headers: { 'accept-encoding': enc } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ headers: new Headers(res.headers as Record<string, string>), body: Buffer.concat(chunks) }));
          }),
        );
      });
    const br = await raw('gzip, br');
    const gz = await raw('gzip');
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(brotliDecompressSync(br.body).equals(plain)).toBe(true);
    expect(gunzipSync(gz.body).equals(plain)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.length);
    expect(Number(br.headers.get('content-length'))).toBe(br.body.length);
    expect(new Set([br.headers.get('etag'), gz.headers.get('etag')]).size).toBe(2);
  });

  it('answers 304 to a matching If-None-Match (weak or in a list), 200 otherwise', async () => {
    const etag = (await get('/', { 'accept-encoding': 'identity' })).headers.get('etag')!;
    const notModified = await get('/', { 'accept-encoding': 'identity', 'if-none-match': `"other", W/${etag}` });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');
    expect(notModified.headers.get('etag')).toBe(etag);
    expect(notModified.headers.get('content-length')).toBeNull();
    expect((await get('/', { 'accept-encoding': 'identity', 'if-none-match': '"other"' })).status).toBe(200);
    // The ETag of another encoding does not match this one.
    expect((await get('/', { 'accept-encoding': 'br', 'if-none-match': etag })).status).toBe(200);
  });

  it('answers HEAD with the headers and no body', async () => {
    await get('/');
    const head = await get('/', { 'accept-encoding': 'identity' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
    expect(await head.text()).toBe('');
  });

  it('passes through, uncached, what may not be kept', async () => {
    page = () => ({ status: 404, headers: new Headers({ 'content-type': 'text/html' }), body: Buffer.from('gone') });
    const a = await get('/incidents/nope');
    const b = await get('/incidents/nope');
    expect([a.status, b.status]).toEqual([404, 404]);
    expect(await b.text()).toBe('gone');
    expect(b.headers.get('x-cache')).toBe('BYPASS');
    expect(renders).toHaveLength(2);
  });

  it('leaves admin, forms, /health, writes and an unreadable database to the site', async () => {
    for (const path of ['/admin', '/subscribe', '/health', '/metrics']) expect((await get(path)).headers.get('x-handled-by'), path).toBe('site');
    expect((await fetch(`${base}/`, { method: 'POST' })).headers.get('x-handled-by')).toBe('site');
    version = null;
    expect((await get('/')).headers.get('x-handled-by')).toBe('site');
    expect(renders).toEqual([]);
  });
});
