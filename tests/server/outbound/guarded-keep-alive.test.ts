import type { lookup as dnsLookup } from 'node:dns';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedPost } from '../../../src/server/outbound/guarded-get.js';
import { freePort } from '../../helpers/free-port.js';

describe('guardedPost with keep-alive connections', () => {
  let server: Server;
  let base: string;
  let connections = 0;
  let peak = 0;
  let open = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url === '/big') res.writeHead(200).end(Buffer.alloc(256 * 1024, 97));
        else setTimeout(() => res.writeHead(204).end(), 20);
      });
    });
    server.on('connection', (socket) => {
      connections += 1;
      open += 1;
      peak = Math.max(peak, open);
      socket.on('close', () => void (open -= 1));
    });
    const port = await freePort();
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    base = `http://localhost:${port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const post = (path: string, extra: { keepAliveSockets?: number; maxBytes?: number } = {}) =>
    guardedPost(`${base}${path}`, '{"a":1}', { allowPrivate: true, truncate: true, ...extra });

  it('opens one connection per request without keep-alive', async () => {
    const before = connections;
    for (let i = 0; i < 3; i++) expect((await post('/')).status).toBe(204);
    expect(connections - before).toBe(3);
  });

  it('reuses its connections, never more at once than keepAliveSockets', async () => {
    const before = connections;
    for (let i = 0; i < 5; i++) expect((await post('/', { keepAliveSockets: 3 })).status).toBe(204);
    expect(connections - before).toBe(1);
    peak = open;
    const answers = await Promise.all(Array.from({ length: 12 }, () => post('/', { keepAliveSockets: 3 })));
    expect(answers.every((a) => a.status === 204)).toBe(true);
    expect(peak).toBeLessThanOrEqual(3);
    expect(connections - before).toBeLessThanOrEqual(3);
  });

  it('drops a connection whose answer was cut at the limit, and the next request still gets its own answer', async () => {
    const cut = await post('/big', { keepAliveSockets: 3, maxBytes: 1024 });
    expect(cut.body.length).toBe(1024);
    expect((await post('/', { keepAliveSockets: 3 })).status).toBe(204);
  });

  it('still checks every new connection after DNS: a name resolving to 127.0.0.1 is refused', async () => {
    const resolve = ((_host: string, _options: unknown, callback: (err: null, addresses: { address: string; family: number }[]) => void) =>
      callback(null, [{ address: '127.0.0.1', family: 4 }])) as unknown as typeof dnsLookup;
    await expect(guardedPost('https://hooks.example.test/', '{}', { allowPrivate: false, keepAliveSockets: 3, resolve })).rejects.toThrow(/resolves to 127\.0\.0\.1/);
  });
});
