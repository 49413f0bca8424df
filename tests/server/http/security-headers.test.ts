import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySecurityHeaders } from '../../../src/server/http/security-headers.js';

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url!;
    applySecurityHeaders(res, path);
    // A route's own header wins over the default, as /embed's CSP must.
    res.writeHead(200, path === '/embed' ? { 'content-security-policy': "frame-ancestors *" } : {});
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('applySecurityHeaders', () => {
  it('forbids framing, sniffing and foreign scripts everywhere', async () => {
    const h = (await fetch(`${base}/admin`)).headers;
    expect(h.get('x-frame-options')).toBe('DENY');
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    const csp = h.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('lets /embed be framed, with its own policy', async () => {
    const h = (await fetch(`${base}/embed`)).headers;
    expect(h.get('x-frame-options')).toBeNull();
    expect(h.get('content-security-policy')).toBe('frame-ancestors *');
    expect(h.get('x-content-type-options')).toBe('nosniff');
  });
});
