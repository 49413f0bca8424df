import { request as httpRequest, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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

function post(body: Buffer | null, headers: Record<string, string | number>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/', headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, text }));
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

  it('refuses a body without a declared length', async () => {
    const res = await post(Buffer.alloc(10), { 'transfer-encoding': 'chunked' });
    expect(res.status).toBe(411);
    expect(res.text).toContain('Content-Length');
  });

  it('lets requests without a body through', async () => {
    expect((await post(null, {})).status).toBe(200);
  });
});
