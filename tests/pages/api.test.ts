import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Statuspage } from 'statuspage.io';
import { openDatabase } from '../../db/client.js';
import { tempDatabasePath } from '../helpers/db.js';
import { startServer, type RunningServer } from '../helpers/server.js';
import { writeApiSite, type ApiSite } from '../server/api/api-site.fixture.js';

let server: RunningServer;
let site: ApiSite;
let cleanup: () => void;

beforeAll(async () => {
  const db = tempDatabasePath();
  cleanup = db.cleanup;
  const handle = openDatabase(db.path);
  site = writeApiSite(handle.db, Date.now());
  handle.close();
  server = await startServer(db.path);
});

afterAll(async () => {
  await server?.stop();
  cleanup?.();
});

const ENDPOINTS = [
  'summary.json',
  'status.json',
  'components.json',
  'incidents.json',
  'incidents/unresolved.json',
  'scheduled-maintenances.json',
  'scheduled-maintenances/upcoming.json',
  'scheduled-maintenances/active.json',
  'uptime.json',
];

describe('HTTP behaviour of /api/v2', () => {
  it.each(ENDPOINTS)('%s: JSON, CORS *, strong ETag, short cache', async (path) => {
    const res = await fetch(`${server.url}/api/v2/${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    // Strong, and one per encoding (fetch asks for gzip): the fast path's ETag.
    expect(res.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{22}(-br|-gz)?"$/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=10');
    const body = (await res.json()) as { page: { name: string } };
    expect(body.page.name).toBe('Example Status');
  });

  it('answers 304 to a matching If-None-Match, and 200 to a stale one', async () => {
    const first = await fetch(`${server.url}/api/v2/summary.json`);
    const etag = first.headers.get('etag')!;
    const again = await fetch(`${server.url}/api/v2/summary.json`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
    const listed = await fetch(`${server.url}/api/v2/summary.json`, { headers: { 'if-none-match': `"other", W/${etag}` } });
    expect(listed.status).toBe(304);
    const stale = await fetch(`${server.url}/api/v2/summary.json`, { headers: { 'if-none-match': '"stale"' } });
    expect(stale.status).toBe(200);
  });

  it('HEAD answers like GET without a body', async () => {
    const res = await fetch(`${server.url}/api/v2/status.json`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.text()).toBe('');
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('%s → 405 with Allow and a JSON message', async (method) => {
    const res = await fetch(`${server.url}/api/v2/summary.json`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(await res.json()).toEqual({ error: `Method ${method} is not allowed here; use GET or HEAD.` });
  });

  it('answers a CORS preflight', async () => {
    const res = await fetch(`${server.url}/api/v2/summary.json`, {
      method: 'OPTIONS',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, HEAD');
  });

  it.each(['v2/nope.json', 'v3/summary.json', 'v2', 'v2/summary.json/extra', `v2/${'x'.repeat(500)}`])(
    'unknown /api/%s → 404 JSON',
    async (path) => {
      const res = await fetch(`${server.url}/api/${path}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const body = (await res.json()) as { error: string };
      expect(body.error).toMatch(/^There is no API endpoint \/api\/.+ Start with \/api\/v2\/summary\.json\.$/);
      expect(body.error.length).toBeLessThan(200);
    },
  );
});

describe('the statuspage.io npm client reads a running Beacon', () => {
  // The client targets https://{pageId}.statuspage.io; a self-hosted page only needs a different base URL.
  function client(): Statuspage {
    const sp = new Statuspage('beacon');
    (sp as unknown as { apiClient: { defaults: { baseURL: string } } }).apiClient.defaults.baseURL = server.url;
    return sp;
  }

  it('summary, status and components', async () => {
    const sp = client();
    const summary = await sp.api.getSummary();
    expect(summary.status.indicator).toBe('minor');
    expect(summary.components.find((c) => c.name === 'EU West')?.status).toBe('partial_outage');
    const status = await sp.api.getStatus();
    expect(status.status.description).toBe('Minor Service Outage');
    const { components } = await sp.api.getComponents();
    expect(components.map((c) => c.name)).toEqual(['Voice', 'EU West', 'EU Central', 'Catalog', 'Search']);
  });

  it('incidents and scheduled maintenance', async () => {
    const sp = client();
    expect((await sp.api.incidents.getAll()).incidents.map((i) => i.id)).toEqual([site.openIncident, site.resolvedIncident]);
    expect((await sp.api.incidents.getUnresolved()).incidents.map((i) => i.id)).toEqual([site.openIncident]);
    expect((await sp.api.scheduledMaintenances.getUpcoming()).scheduled_maintenances.map((m) => m.id)).toEqual([
      site.upcomingMaintenance,
    ]);
    // statuspage.io 3.x requests upcoming.json for getAll() and getActive() too (a bug in the
    // client, not here): what it reads is still a well-formed maintenance list from Beacon.
    const viaAll = (await sp.api.scheduledMaintenances.getAll()).scheduled_maintenances;
    expect(viaAll.map((m) => [m.id, m.status, m.impact])).toEqual([[site.upcomingMaintenance, 'scheduled', 'maintenance']]);
  });
});
