import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adoptPeerAddress, PEER_HEADER, peerHeaderValue } from '../../../src/server/http/peer-address.js';

const SECRET = 'per-process-secret';
let server: Server;
let port: number;
/** One kept-alive connection, so consecutive requests share a socket as forwarded ones do. */
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

beforeAll(async () => {
  server = createServer((req, res) => {
    adoptPeerAddress(req, SECRET);
    res.end(JSON.stringify({ address: req.socket.remoteAddress, header: req.headers[PEER_HEADER] ?? null }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  agent.destroy();
  server.close();
});

function seen(headers: Record<string, string>): Promise<{ address: string; header: string | null; socket: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, agent, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c));
      res.on('end', () => resolve({ ...JSON.parse(body), socket: req.socket }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('adoptPeerAddress', () => {
  it('takes the address only with the secret, and never shows the header to the site', async () => {
    expect(await seen({ [PEER_HEADER]: peerHeaderValue(SECRET, '203.0.113.7') })).toMatchObject({ address: '203.0.113.7', header: null });
    expect(await seen({ [PEER_HEADER]: peerHeaderValue('guessed', '198.51.100.1') })).toMatchObject({ address: '127.0.0.1', header: null });
    expect(await seen({ [PEER_HEADER]: `${SECRET}` })).toMatchObject({ address: '127.0.0.1' });
    expect(await seen({ [PEER_HEADER]: peerHeaderValue(SECRET, '2001:db8::1') })).toMatchObject({ address: '2001:db8::1' });
  });

  it('resets the address on a reused connection when the next request carries none', async () => {
    const first = await seen({ [PEER_HEADER]: peerHeaderValue(SECRET, '203.0.113.9') });
    const second = await seen({});
    expect(second.socket).toBe(first.socket);
    expect([first.address, second.address]).toEqual(['203.0.113.9', '127.0.0.1']);
  });
});
