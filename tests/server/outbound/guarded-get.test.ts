import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNonPublicAddress } from '../../../src/server/outbound/address-policy.js';
import { guardedGet, OutboundError } from '../../../src/server/outbound/guarded-get.js';

describe('the outbound address policy', () => {
  it.each(['127.0.0.1', '127.8.9.10', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe'])(
    'refuses %s',
    (address) => {
      expect(isNonPublicAddress(address)).toBe(true);
    },
  );

  it.each(['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '::ffff:1.1.1.1'])('allows the public address %s', (address) => {
    expect(isNonPublicAddress(address)).toBe(false);
  });
});

describe('guardedGet', () => {
  const refused = async (url: string): Promise<string> => {
    const e = await guardedGet(url, { allowPrivate: false }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(OutboundError);
    return (e as Error).message;
  };

  it.each(['https://127.0.0.1/api/v2/summary.json', 'https://10.0.0.1/', 'https://169.254.169.254/latest/meta-data/', 'https://[::1]/'])(
    'refuses %s before connecting',
    async (url) => {
      expect(await refused(url)).toMatch(/loopback, private or link-local/);
    },
  );

  it('refuses a host name that resolves to a loopback address (checked after DNS resolution)', async () => {
    expect(await refused('https://localhost/api/v2/summary.json')).toMatch(/localhost resolves to (127\.0\.0\.1|::1)/);
  });

  it('refuses plain http and credentials in the URL', async () => {
    expect(await refused('http://example.com/')).toMatch(/https:\/\//);
    expect(await refused('https://user:pw@example.com/')).toMatch(/user name or password/);
    expect(await refused('not a url')).toMatch(/not a valid URL/);
  });

  describe('against a local server, with OUTBOUND_ALLOW_PRIVATE', () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url === '/redirect') {
          res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
        } else if (req.url === '/big') {
          res.writeHead(200);
          res.end(Buffer.alloc(2 * 1024 * 1024, 97));
        } else if (req.url === '/slow') {
          setTimeout(() => res.end('late'), 3_000).unref();
        } else {
          res.writeHead(200, { etag: '"v1"' }).end('{"ok":true}');
        }
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://localhost:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => {
      server.closeAllConnections();
      server.close();
    });

    it('reaches it by name when allowed, and answers status, headers and body', async () => {
      const res = await guardedGet(`${base}/`, { allowPrivate: true });
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"v1"');
      expect(res.body.toString()).toBe('{"ok":true}');
    });

    it('does not follow a redirect', async () => {
      const res = await guardedGet(`${base}/redirect`, { allowPrivate: true });
      expect(res.status).toBe(302);
    });

    it('stops reading past the size limit', async () => {
      await expect(guardedGet(`${base}/big`, { allowPrivate: true })).rejects.toThrow(/larger than 1024 KiB/);
    });

    it('gives up after the timeout', async () => {
      await expect(guardedGet(`${base}/slow`, { allowPrivate: true, timeoutMs: 300 })).rejects.toThrow(/did not answer within 0.3 s/);
    });
  });
});
