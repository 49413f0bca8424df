import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { readPageSettings } from '../../src/server/settings.js';
import { makeToken } from '../helpers/api-v1.js';
import { tempDatabasePath } from '../helpers/db.js';
import { component } from '../helpers/fixtures.js';
import { startServer, type RunningServer } from '../helpers/server.js';

let server: RunningServer;
let cleanup: () => void;
let token: string;
let pageId: string;
let apiId: string;

beforeAll(async () => {
  const db = tempDatabasePath();
  cleanup = db.cleanup;
  const handle = openDatabase(db.path);
  const now = Date.now();
  pageId = readPageSettings(handle.db, now).publicId;
  apiId = component(handle.db, 'api', 'API', now - 60_000);
  component(handle.db, 'web', 'Website', now - 60_000, { position: 2 });
  token = makeToken(handle.db, 'write', now, 'on-call bot').token;
  handle.close();
  server = await startServer(db.path);
});

afterAll(async () => {
  await server?.stop();
  cleanup?.();
});

interface Seen {
  readonly row: string;
  readonly banner: string;
  readonly summaryStatus: string;
  readonly indicator: string;
  readonly badge: string;
}

/** What a visitor, a v2 client and a badge see of the API component right now. */
async function seen(): Promise<Seen> {
  const html = await (await fetch(`${server.url}/`)).text();
  const row = html.slice(html.indexOf('data-component="api"'), html.indexOf('data-component="web"'));
  const summary = (await (await fetch(`${server.url}/api/v2/summary.json`)).json()) as { status: { indicator: string }; components: { id: string; status: string }[] };
  const badge = await (await fetch(`${server.url}/badge.svg`)).text();
  return {
    row: /data-status="([a-z_]+)"/.exec(row)?.[1] ?? 'missing',
    banner: /<h1 class="banner" data-indicator="([a-z]+)"/.exec(html)?.[1] ?? 'missing',
    summaryStatus: summary.components.find((c) => c.id === apiId)?.status ?? 'missing',
    indicator: summary.status.indicator,
    badge: /aria-label="([^"]*)"/.exec(badge)?.[1] ?? 'missing',
  };
}

describe('a component status set through /api/v1 over HTTP', () => {
  it('shows at once on /, in the v2 summary and on the badge', async () => {
    // Read everything first, so what follows proves the caches were invalidated, not merely filled.
    expect(await seen()).toEqual({ row: 'operational', banner: 'none', summaryStatus: 'operational', indicator: 'none', badge: 'status: all systems operational' });
    const res = await fetch(`${server.url}/api/v1/pages/${pageId}/components/${apiId}`, {
      method: 'PATCH',
      headers: { authorization: `OAuth ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ component: { status: 'major_outage' } }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe('major_outage');
    expect(await seen()).toEqual({ row: 'major_outage', banner: 'major', summaryStatus: 'major_outage', indicator: 'major', badge: 'status: partial system outage' });
  });

  it('archives on DELETE: gone from the page and the summary at once, 404 afterwards', async () => {
    const path = `${server.url}/api/v1/pages/${pageId}/components/${apiId}`;
    const del = await fetch(path, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(del.status).toBe(204);
    expect(await del.text()).toBe('');
    expect(await (await fetch(`${server.url}/`)).text()).not.toContain('data-component="api"');
    const summary = (await (await fetch(`${server.url}/api/v2/summary.json`)).json()) as { components: { id: string }[] };
    expect(summary.components.map((c) => c.id)).not.toContain(apiId);
    expect((await fetch(path, { headers: { authorization: `OAuth ${token}` } })).status).toBe(404);
  });
});
