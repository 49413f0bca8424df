import { connect } from 'node:net';
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { serveFixture } from '../helpers/server.js';
import { writePublicSite } from './public-site.fixture.js';

const site = serveFixture(writePublicSite);
const url = (): string => site.server().url;

/** One request written byte for byte over a fresh socket; the raw answer once the server closes. */
function raw(request: string): Promise<string> {
  const { port } = new URL(url());
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
  });
}

const statusOf = (answer: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);

const PATHS = ['/', '/history', '/api/v2/summary.json', '/health', '/metrics', '/admin', '/admin/login', '/subscribe', '/history.atom', '/no/such/page'];

describe('methods Beacon does not implement', () => {
  // Regression: TRACE built a Request that the fetch API refuses, answered 500 and logged a stack
  // trace for every request; CONNECT got its socket dropped, TRACK and made-up methods a bare 400.
  it.each(['TRACE', 'PROPFIND', 'MKCOL', 'PURGE', 'LOCK'])('answers %s with a quiet 501 on every path', async (method) => {
    const before = site.server().output().length;
    for (const path of PATHS) {
      const answer = await raw(`${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      expect(statusOf(answer), `${method} ${path}`).toBe(501);
      expect(answer).toMatch(/\r\nallow: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS\r\n/i);
      expect(answer).toContain(`Beacon does not answer ${method} requests`);
    }
    expect(site.server().output().slice(before)).toBe('');
  });

  it.each([
    ['CONNECT', '127.0.0.1:443'],
    ['TRACK', '/'],
    ['FROBNICATE', '/admin'],
  ])('answers %s %s with 501, not a dropped connection or a bare 400', async (method, target) => {
    const before = site.server().output().length;
    const answer = await raw(`${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    expect(statusOf(answer)).toBe(501);
    expect(answer).toContain('Beacon does not answer');
    expect(site.server().output().slice(before)).toBe('');
  });

  it('still answers a malformed request with 400 and a supported method as before', async () => {
    expect(statusOf(await raw('GET / HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n'))).toBe(400);
    expect(statusOf(await raw('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'))).toBe(200);
    expect((await fetch(`${url()}/`, { method: 'DELETE' })).status).toBe(405);
  });
});

describe('writes to the read-only API', () => {
  // Regression: without an Origin (or with another site's) the form check answered 403 plain text
  // with no CORS header; the README promises 405.
  it.each([
    ['POST', {}],
    ['PUT', { origin: 'https://elsewhere.example' }],
    ['PATCH', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['DELETE', { origin: 'https://elsewhere.example', 'content-type': 'text/plain' }],
  ] as const)('%s gets the API’s 405 JSON with CORS and Allow, whatever the Origin', async (method, headers) => {
    const res = await fetch(`${url()}/api/v2/incidents.json`, { method, headers, body: 'a=1' });
    expect(res.status).toBe(405);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toEqual({ error: `Method ${method} is not allowed here; use GET or HEAD.` });
  });

  it('keeps refusing cross-site form posts to pages', async () => {
    const res = await fetch(`${url()}/subscribe`, { method: 'POST', headers: { origin: 'https://elsewhere.example', 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a%40example.com' });
    expect(res.status).toBe(403);
  });
});

describe('response headers', () => {
  // Regression: Astro sends a bare text/html.
  it.each(['/', '/history', '/subscribe', '/admin/login', '/components/rest', '/no/such/page'])('%s names its charset', async (path) => {
    const res = await fetch(`${url()}${path}`);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  // Regression: form pages said nothing, so a browser or proxy could keep what they showed.
  it.each(['/subscribe', '/subscribe?component=rest', '/admin/login', '/admin/setup/not-a-token', '/subscriptions/not-a-token', '/subscribe/confirm/not-a-token', '/unsubscribe/not-a-token'])(
    '%s is no-store',
    async (path) => {
      const res = await fetch(`${url()}${path}`, { redirect: 'manual' });
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    },
  );

  it('leaves pages without a form cacheable', async () => {
    expect((await fetch(`${url()}/`)).headers.get('cache-control') ?? '').not.toContain('no-store');
  });

  // Regression: feeds sent no CORS header, so a web feed reader could not fetch them from its page.
  it.each(['/history.atom', '/history.rss', '/components/rest/history.atom', '/components/nope/history.rss'])('%s may be read by any site', async (path) => {
    const res = await fetch(`${url()}${path}`, { headers: { origin: 'https://reader.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  // Regression: the preflight allowed Content-Type and If-None-Match only.
  it('lets v2 clients send the request headers they really send', async () => {
    const res = await fetch(`${url()}/api/v2/summary.json`, {
      method: 'OPTIONS',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization, if-modified-since' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, HEAD');
    const allowed = res.headers.get('access-control-allow-headers')!.toLowerCase().split(', ');
    for (const h of ['content-type', 'if-none-match', 'if-modified-since', 'authorization', 'cache-control']) expect(allowed).toContain(h);
    expect(allowed).not.toContain('idempotency-key');
  });

  it('lets v1 clients write with a token and an idempotency key', async () => {
    const res = await fetch(`${url()}/api/v1/incidents`, {
      method: 'OPTIONS',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, idempotency-key, content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')!.split(', ')).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']));
    const allowed = res.headers.get('access-control-allow-headers')!.toLowerCase().split(', ');
    for (const h of ['authorization', 'idempotency-key', 'content-type']) expect(allowed).toContain(h);
  });
});

describe('compression of pages answered by the site itself', () => {
  // Regression: only answers kept in memory were compressed, so /subscribe went out uncompressed.
  it.each(['/subscribe', '/admin/login', '/'])('%s is br for a client that accepts it', async (path) => {
    // node:net rather than fetch, which would decode the body and hide the encoding.
    const answer = await raw(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip, deflate, br\r\nConnection: close\r\n\r\n`);
    expect(statusOf(answer)).toBe(200);
    const head = answer.slice(0, answer.indexOf('\r\n\r\n'));
    expect(head).toMatch(/\r\ncontent-encoding: br\r\n/i);
    expect(head).toMatch(/\r\nvary: [^\r]*Accept-Encoding/i);
  });

  it('sends a body that decodes to the page', async () => {
    const res = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      import('node:http').then(({ get }) => {
        get(`${url()}/subscribe`, { headers: { 'accept-encoding': 'br' } }, (r) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => resolve({ encoding: r.headers['content-encoding'], body: Buffer.concat(chunks) }));
        }).on('error', reject);
      }, reject);
    });
    expect(res.encoding).toBe('br');
    expect(brotliDecompressSync(res.body).toString('utf8')).toContain('Get updates by email');
  });

  it('sends the page uncompressed to a client that does not ask', async () => {
    const answer = await raw('GET /subscribe HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect(answer.slice(0, answer.indexOf('\r\n\r\n'))).not.toMatch(/content-encoding/i);
    expect(answer).toContain('Get updates by email');
  });
});
