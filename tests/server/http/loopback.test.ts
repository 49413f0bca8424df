import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forwardTo, loopbackAgent, renderFrom } from '../../../src/server/http/loopback.js';
import { freePort } from '../../helpers/free-port.js';

/** The site stand-in: reports what reached it, or answers as a route would. */
let site: Server;
let sitePort: number;
/** The front: forwards every request to the site, as the server's main thread does. */
let front: Server;
let frontPort: number;
const agent = loopbackAgent();

const listen = async (server: Server): Promise<number> => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
};

beforeEach(async () => {
  site = createServer((req, res) => {
    if (req.url === '/cut-off') {
      // Headers and part of the body, then the connection dies (a page that threw while streaming).
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<p>partial');
      setTimeout(() => res.destroy(), 20);
      return;
    }
    if (req.url === '/cookies') {
      res.writeHead(303, { location: '/admin', 'set-cookie': ['a=1; HttpOnly', 'b=2; Secure'] });
      res.end();
      return;
    }
    let bytes = 0;
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', connection: 'keep-alive', 'keep-alive': 'timeout=99' });
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, bytes }));
    });
  });
  sitePort = await listen(site);
  front = createServer((req, res) => forwardTo(agent, sitePort, req, res, { 'x-extra': 'added' }));
  frontPort = await listen(front);
});
afterEach(() => {
  site.closeAllConnections();
  front.closeAllConnections();
  site.close();
  front.close();
});

function call(port: number, options: { method?: string; path?: string; headers?: Record<string, string>; body?: Buffer }): Promise<{ res: IncomingMessage; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path ?? '/', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c));
      res.on('end', () => resolve({ res, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('forwardTo', () => {
  it('passes method, path, the client’s headers (Host and Origin as sent) and a streamed body', async () => {
    const body = Buffer.alloc(3 * 1024 * 1024, 'x');
    const { res, body: echoed } = await call(frontPort, {
      method: 'POST',
      path: '/admin/incidents/new?x=1',
      headers: { host: 'status.acme.example', origin: 'https://status.acme.example', cookie: 'session=abc', 'x-forwarded-for': '198.51.100.4', connection: 'keep-alive', 'transfer-encoding': 'chunked' },
      body,
    });
    const seen = JSON.parse(echoed) as { method: string; url: string; headers: Record<string, string>; bytes: number };
    expect(res.statusCode).toBe(200);
    expect(seen).toMatchObject({ method: 'POST', url: '/admin/incidents/new?x=1', bytes: body.length });
    expect(seen.headers).toMatchObject({ host: 'status.acme.example', origin: 'https://status.acme.example', cookie: 'session=abc', 'x-forwarded-for': '198.51.100.4', 'x-extra': 'added' });
    // The site's hop-by-hop headers stay on its hop.
    expect(res.headers['keep-alive']).not.toBe('timeout=99');
  });

  it('drops headers the client’s Connection header names as hop-by-hop', async () => {
    const { body } = await call(frontPort, { headers: { connection: 'keep-alive, x-hop-only', 'x-hop-only': 'secret', 'x-kept': 'yes' } });
    const seen = JSON.parse(body) as { headers: Record<string, string> };
    expect(seen.headers['x-hop-only']).toBeUndefined();
    expect(seen.headers['x-kept']).toBe('yes');
  });

  it('ends the client’s response when the site’s is cut off mid-body, instead of leaving it waiting', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const req = request({ host: '127.0.0.1', port: frontPort, path: '/cut-off' }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c));
        res.on('end', () => resolve(`ended with ${body}`));
        res.on('error', () => resolve(`cut off after ${body}`));
        res.on('close', () => resolve(`cut off after ${body}`));
      });
      req.on('error', (e) => resolve(`error ${e.message}`));
      req.end();
    });
    expect(outcome).toBe('cut off after <p>partial');
  });

  it('keeps every Set-Cookie and the redirect as the site sent them', async () => {
    const { res } = await call(frontPort, { path: '/cookies' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin');
    expect(res.headers['set-cookie']).toEqual(['a=1; HttpOnly', 'b=2; Secure']);
  });

  it('answers 503 with a sentence when the site cannot be reached', async () => {
    const dead = createServer((req, res) => forwardTo(agent, deadPort, req, res, {}));
    const deadPort = await freePort();
    const port = await listen(dead);
    const { res, body } = await call(port, { path: '/admin' });
    dead.close();
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(body).toMatch(/restarting/);
  });
});

describe('renderFrom', () => {
  it('returns status, headers and body of an anonymous request, redirects unfollowed', async () => {
    const page = await renderFrom(agent, sitePort, '/history?page=2');
    const seen = JSON.parse(page.body.toString()) as { url: string; headers: Record<string, string> };
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('application/json');
    expect(seen.url).toBe('/history?page=2');
    expect(seen.headers.cookie).toBeUndefined();
    expect(seen.headers['accept-encoding']).toBe('identity');
    const redirect = await renderFrom(agent, sitePort, '/cookies');
    expect(redirect.status).toBe(303);
    expect(redirect.headers.getSetCookie()).toEqual(['a=1; HttpOnly', 'b=2; Secure']);
  });

  it('rejects when nothing listens', async () => {
    await expect(renderFrom(agent, await freePort(), '/')).rejects.toThrow();
  });
});
