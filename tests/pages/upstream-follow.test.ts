import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { SYSTEM } from '../../src/server/audit.js';
import { followUpstream } from '../../src/server/use-cases/upstream.js';
import { makeToken } from '../helpers/api-v1.js';
import { tempDatabasePath } from '../helpers/db.js';
import { component } from '../helpers/fixtures.js';
import { startServer, type RunningServer } from '../helpers/server.js';

/**
 * Two Beacons: B's “Payments” follows A's “Card payments” through a recording proxy (to see the
 * conditional requests and their 304s). A's status is moved by an alert, as a team's would be.
 */
let a: RunningServer;
let b: RunningServer;
let proxy: Server;
let alertsToken: string;
const cleanups: (() => void)[] = [];
const exchanges: { ifNoneMatch: string | undefined; status: number }[] = [];

function startProxy(target: () => string): Promise<string> {
  proxy = createServer((req, res) => {
    const upstream = request(`${target()}${req.url}`, { method: req.method, headers: { ...req.headers, host: new URL(target()).host } }, (answer) => {
      exchanges.push({ ifNoneMatch: req.headers['if-none-match'], status: answer.statusCode ?? 0 });
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  return new Promise((resolve) => proxy.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`)));
}

async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function componentStatus(server: RunningServer, name: string): Promise<string> {
  const summary = (await (await fetch(`${server.url}/api/v2/summary.json`)).json()) as { components: { name: string; status: string }[] };
  return summary.components.find((c) => c.name === name)!.status;
}

const alertOnA = (status: 'firing' | 'resolved'): Promise<Response> =>
  fetch(`${a.url}/api/v1/alerts/generic`, {
    method: 'POST',
    headers: { authorization: `Bearer ${alertsToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ source: 'test', key: 'card-down', status, component: 'card', severity: 'critical' }),
  });

beforeAll(async () => {
  const now = Date.now();
  const dbA = tempDatabasePath();
  cleanups.push(dbA.cleanup);
  const handleA = openDatabase(dbA.path);
  const cardId = component(handleA.db, 'card', 'Card payments', now - 3_600_000);
  alertsToken = makeToken(handleA.db, 'alerts', now).token;
  handleA.close();
  a = await startServer(dbA.path);
  const proxyUrl = await startProxy(() => a.url);

  const dbB = tempDatabasePath();
  cleanups.push(dbB.cleanup);
  const handleB = openDatabase(dbB.path);
  const payId = component(handleB.db, 'payments', 'Payments', now - 3_600_000);
  followUpstream(handleB.db, payId, { summaryUrl: `${proxyUrl}/api/v2/summary.json`, upstreamComponentId: cardId }, true, SYSTEM, now);
  handleB.close();
  b = await startServer(dbB.path, { OUTBOUND_ALLOW_PRIVATE: 'true', UPSTREAM_POLL_SECONDS: '1' });
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  proxy?.closeAllConnections();
  proxy?.close();
  cleanups.forEach((c) => c());
});

describe('a component following a component of another Beacon', () => {
  it('revalidates with the ETag while nothing changes, and gets 304s', async () => {
    await until('a 304 to a conditional poll', async () => (exchanges.some((e) => e.ifNoneMatch !== undefined && e.status === 304) ? true : null));
    expect(exchanges[0]).toEqual({ ifNoneMatch: undefined, status: 200 });
    expect(await componentStatus(b, 'Payments')).toBe('operational');
  });

  it('follows the upstream into an outage on its API and its public page, and back out', async () => {
    expect((await alertOnA('firing')).status).toBe(200);
    expect(await componentStatus(a, 'Card payments')).toBe('major_outage');
    await until('B to follow A into the outage', async () => ((await componentStatus(b, 'Payments')) === 'major_outage' ? true : null));
    const page = await (await fetch(`${b.url}/`)).text();
    expect(page).toMatch(/Payments[\s\S]{0,400}Major outage/);

    expect((await alertOnA('resolved')).status).toBe(200);
    await until('B to follow A back', async () => ((await componentStatus(b, 'Payments')) === 'operational' ? true : null));
  });
});
