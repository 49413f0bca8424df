import { request as httpRequest, createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enforceBodyLimit } from '../../../src/server/http/body-limit.js';

let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (!enforceBodyLimit(req, res, 1000)) return;
    // The site would read the body next: it must still be all there.
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => res.end(`read ${Buffer.concat(chunks).length}`));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function post(body: Buffer | null, headers: Record<string, string | number>, path = '/'): Promise<{ status: number; text: string; type?: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, text, ...(path === '/' ? {} : { type: res.headers['content-type'] }) }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

describe('enforceBodyLimit', () => {
  it('lets a body within the limit through, whole', async () => {
    expect(await post(Buffer.alloc(1000), { 'content-length': 1000 })).toEqual({ status: 200, text: 'read 1000' });
  });

  it('refuses a declared body over the limit with 413 and a sentence', async () => {
    const res = await post(Buffer.alloc(1001), { 'content-length': 1001 });
    expect(res.status).toBe(413);
    expect(res.text).toBe('The request is too large (the limit is 1 KB). Nothing was saved.');
  });

  it('answers below /api/v1 in JSON, with the sentence as message and error', async () => {
    const res = await post(Buffer.alloc(1001), { 'content-length': 1001 }, '/api/v1/pages/x/incidents?api_key=k');
    expect(res.status).toBe(413);
    expect(res.type).toBe('application/json; charset=utf-8');
    const sentence = 'The request is too large (the limit is 1 KB). Nothing was saved.';
    expect(JSON.parse(res.text)).toEqual({ message: sentence, error: sentence });
    const chunked = await post(Buffer.alloc(10), { 'transfer-encoding': 'chunked' }, '/api/v1/pages');
    expect(chunked.status).toBe(411);
    expect(JSON.parse(chunked.text).message).toBe('Send the request with a Content-Length. Nothing was saved.');
    // Elsewhere (and on a path that only starts alike) the answer stays plain text.
    expect((await post(Buffer.alloc(1001), { 'content-length': 1001 }, '/api/v1x')).type).toBe('text/plain; charset=utf-8');
  });

  it('reads a refused body to its end before closing, so a client still sending it gets the answer, not a reset', async () => {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    let received = '';
    let closedByServer = false;
    socket.on('data', (c: Buffer) => (received += c.toString()));
    socket.on('end', () => (closedByServer = true));
    socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3000\r\n\r\n${'a'.repeat(1000)}`);
    // A slow upload: the rest of the body comes later, and the connection must still be there for it.
    await new Promise((r) => setTimeout(r, 150));
    expect(received).toMatch(/^HTTP\/1\.1 413 /);
    expect(closedByServer).toBe(false);
    socket.end('b'.repeat(2000));
    await once(socket, 'close');
    expect(received).toContain('The request is too large (the limit is 1 KB). Nothing was saved.');
  });

  it('closes at once on a declared body too big to be worth reading', async () => {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    let received = '';
    socket.on('data', (c: Buffer) => (received += c.toString()));
    socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${100 * 1024 * 1024}\r\n\r\n`);
    await once(socket, 'end');
    expect(received).toMatch(/^HTTP\/1\.1 413 /);
    expect(received).toContain('Nothing was saved.');
    socket.destroy();
  });

  it('refuses a body without a declared length', async () => {
    const res = await post(Buffer.alloc(10), { 'transfer-encoding': 'chunked' });
    expect(res.status).toBe(411);
    expect(res.text).toContain('Content-Length');
  });

  it('lets requests without a body through', async () => {
    expect((await post(null, {})).status).toBe(200);
  });
});
