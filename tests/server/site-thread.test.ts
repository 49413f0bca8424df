import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCommits } from '../../db/client.js';
import { cacheStats } from '../../src/server/cache/cache-stats.js';
import { mainThreadLag } from '../../src/server/metrics/main-thread-lag.js';
import { listen } from '../../src/server/signals.js';
import type { Site } from '../../src/server/site.js';
import { startSiteThread } from '../../src/server/site-thread.js';

const src = (path: string): string => JSON.stringify(new URL(`../../${path}`, import.meta.url).href);

/**
 * A stand-in for the Astro build: a handler that uses the real modules the site shares with the
 * main thread (commit counter, signals, cache counts, main-thread lag), and can crash its thread.
 */
const ENTRY = `
import { localCommits } from ${src('db/client.ts')};
import { announce } from ${src('src/server/signals.ts')};
import { cacheStats } from ${src('src/server/cache/cache-stats.ts')};
import { takeMainThreadLag } from ${src('src/server/metrics/main-thread-lag.ts')};
export function handler(req, res) {
  if (req.url === '/address') return res.end(req.socket.remoteAddress);
  if (req.url === '/commit') { Atomics.add(localCommits(), 0, 1); return res.end('committed'); }
  if (req.url === '/signal') { announce('outbox'); return res.end('announced'); }
  if (req.url === '/hits') return res.end(String(cacheStats()[0]));
  if (req.url === '/lag') return res.end(String(takeMainThreadLag().max));
  if (req.url === '/spin') { for (;;) {} }
  if (req.url === '/crash') { setImmediate(() => { throw new Error('boom'); }); return res.end('crashing'); }
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end('page ' + req.url);
}
`;

let dir: string;
let site: Site;
let front: Server;
let frontPort: number;
const logs: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'beacon-site-'));
  mkdirSync(join(dir, 'server'));
  writeFileSync(join(dir, 'server', 'entry.mjs'), ENTRY);
  site = await startSiteThread({ outDir: dir, log: (line) => logs.push(line), restartMs: 50, watchdogMs: 1_000 });
  front = createServer((req, res) => site.handler(req, res));
  await new Promise<void>((done) => front.listen(0, '0.0.0.0', done));
  frontPort = (front.address() as AddressInfo).port;
}, 30_000);
afterAll(async () => {
  front.closeAllConnections();
  front.close();
  await site.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A GET through the front, from `from` (any 127/8 address is this machine). */
function get(path: string, from = '127.0.0.1'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: frontPort, path, localAddress: from, agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startSiteThread', () => {
  it('lets the site see the client’s own address, not the loopback hop', async () => {
    expect(await get('/address', '127.0.0.2')).toEqual({ status: 200, body: '127.0.0.2' });
    expect(await get('/address', '127.0.0.3')).toEqual({ status: 200, body: '127.0.0.3' });
  });

  it('shares the commit counter: a commit on the site thread is seen here before its answer arrives', async () => {
    const before = Atomics.load(localCommits(), 0);
    expect((await get('/commit')).body).toBe('committed');
    expect(Atomics.load(localCommits(), 0)).toBe(before + 1);
  });

  it('passes outbox signals to this thread, where delivery listens', async () => {
    let heard = 0;
    const stop = listen('outbox', () => heard++);
    await get('/signal');
    await expect.poll(() => heard).toBe(1);
    stop();
  });

  it('shows the fast path’s counts to the site (for /metrics)', async () => {
    cacheStats()[0] = 41;
    expect((await get('/hits')).body).toBe('41');
  });

  it('shows this thread’s event-loop delay to the site, and lets a scrape there start a new window', async () => {
    const { stats, reset } = mainThreadLag();
    stats[3] = 0.25;
    expect((await get('/lag')).body).toBe('0.25');
    expect(Atomics.load(reset, 0)).toBe(1);
    Atomics.store(reset, 0, 0);
  });

  it('renders a path for the cache', async () => {
    const page = await site.render('/history?page=2');
    expect([page.status, page.body.toString(), page.headers.get('content-type')]).toEqual([200, 'page /history?page=2', 'text/html']);
  });

  it('starts a thread that died again; meanwhile requests get a 503, not a hang', async () => {
    await get('/crash');
    // Until the thread has died, the old one may still answer: wait for its end before asking for a new one.
    await expect.poll(() => logs.join('\n'), { timeout: 10_000 }).toMatch(/site thread stopped .*starting it again/);
    const statuses = new Set<number>();
    await expect
      .poll(async () => {
        const { status, body } = await get('/x');
        statuses.add(status);
        return status === 200 ? body : status;
      }, { timeout: 10_000 })
      .toBe('page /x');
    expect([...statuses].every((s) => s === 200 || s === 503)).toBe(true);
  });

  it('replaces a thread that stopped answering (a page stuck in a loop)', async () => {
    await expect.poll(async () => (await get('/x')).status, { timeout: 10_000 }).toBe(200);
    expect((await get('/spin')).status).toBe(503);
    await expect.poll(async () => (await get('/x')).body, { timeout: 10_000 }).toBe('page /x');
    expect(logs.join('\n')).toMatch(/has not answered for 1 s; replacing it/);
  });
});
