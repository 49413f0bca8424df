import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { heartbeats, upstreamFollows } from '../../db/schema.js';
import { signIn, unescapeHtml, withDb } from '../helpers/admin-pages.js';
import { component, DAY, page } from '../helpers/fixtures.js';
import { send } from '../helpers/http.js';
import { preparePeople, type Person } from '../helpers/people.js';
import { serveFixture } from '../helpers/server.js';

const insertPeople = preparePeople();

function writeSite(path: string, now: number): { path: string; apiId: string } {
  const h = openDatabase(path);
  try {
    page(h.db, 'Heartbeat Test', 'UTC', now - DAY);
    const apiId = component(h.db, 'api', 'Public API', now - DAY);
    insertPeople(h.db, now, ['owner', 'editor']);
    return { path, apiId };
  } finally {
    h.close();
  }
}

describe('heartbeats and upstream pages in the admin, over HTTP', () => {
  const fixture = serveFixture(writeSite);
  const url = (): string => fixture.server().url;
  const tokens = {} as Record<Person, string>;

  beforeAll(async () => {
    tokens.owner = await signIn(url(), 'owner');
    tokens.editor = await signIn(url(), 'editor');
  });

  it('are for owners only, and linked from the alerts page for them', async () => {
    expect((await send(url(), '/admin/heartbeats', { cookie: tokens.editor })).status).toBe(403);
    expect((await send(url(), '/admin/upstream', { cookie: tokens.editor })).status).toBe(403);
    const alerts = await send(url(), '/admin/alerts', { cookie: tokens.owner });
    expect(alerts.html).toContain('href="/admin/heartbeats"');
    expect(alerts.html).toContain('href="/admin/upstream"');
    expect((await send(url(), '/admin/alerts', { cookie: tokens.editor })).html).not.toContain('href="/admin/heartbeats"');
  });

  it('creates a heartbeat, shows its ping address once, and the address pings it without a token', async () => {
    const form = { intent: 'create', name: 'Nightly backup', componentId: fixture.data().apiId, periodSeconds: '600', graceSeconds: '60', componentStatus: 'major_outage' };
    const created = await send(url(), '/admin/heartbeats', { cookie: tokens.owner, form });
    expect(created.status).toBe(200);
    const pingUrl = /<code>(https?:\/\/[^<]+\/api\/v1\/heartbeats\/[a-z0-9]+)<\/code>/.exec(unescapeHtml(created.html))![1]!;
    const secret = pingUrl.split('/').at(-1)!;
    expect(withDb(fixture.data().path, (db) => db.select().from(heartbeats).all())).toHaveLength(1);

    const again = await send(url(), '/admin/heartbeats', { cookie: tokens.owner });
    expect(again.html).toContain('Nightly backup');
    expect(again.html).not.toContain(secret);

    const ping = await fetch(`${url()}/api/v1/heartbeats/${secret}`, { method: 'POST' });
    expect(ping.status).toBe(200);
    expect(await ping.json()).toMatchObject({ heartbeat: { name: 'Nightly backup' }, resolved_alert: false });
    expect((await fetch(`${url()}/api/v1/heartbeats/${secret}x`)).status).toBe(404);
  });

  it('refuses a period out of bounds with a sentence and keeps what was typed', async () => {
    const form = { intent: 'create', name: 'Too fast', componentId: fixture.data().apiId, periodSeconds: '5', graceSeconds: '0', componentStatus: 'major_outage' };
    const r = await send(url(), '/admin/heartbeats', { cookie: tokens.owner, form });
    expect(r.status).toBe(409);
    expect(unescapeHtml(r.html)).toMatch(/period must be a whole number of seconds from 60/);
    expect(r.html).toContain('value="Too fast"');
  });

  it('deletes a heartbeat', async () => {
    const id = withDb(fixture.data().path, (db) => db.select().from(heartbeats).all()[0]!.id);
    const r = await send(url(), '/admin/heartbeats', { cookie: tokens.owner, form: { intent: 'delete', id } });
    expect(r.status).toBe(303);
    expect(withDb(fixture.data().path, (db) => db.select().from(heartbeats).all())).toEqual([]);
  });

  it('refuses to follow a private address (OUTBOUND_ALLOW_PRIVATE unset) and follows a public one', async () => {
    const base = { intent: 'follow', componentId: fixture.data().apiId, upstreamComponentId: 'abc123' };
    const refused = await send(url(), '/admin/upstream', { cookie: tokens.owner, form: { ...base, summaryUrl: 'https://169.254.169.254/api/v2/summary.json' } });
    expect(refused.status).toBe(409);
    expect(unescapeHtml(refused.html)).toMatch(/loopback, private or link-local/);
    const ok = await send(url(), '/admin/upstream', { cookie: tokens.owner, form: { ...base, summaryUrl: 'https://status.example.com/api/v2/summary.json' } });
    expect(ok.status).toBe(303);
    expect(withDb(fixture.data().path, (db) => db.select().from(upstreamFollows).all())).toMatchObject([{ upstreamComponentId: 'abc123' }]);
    const list = await send(url(), '/admin/upstream', { cookie: tokens.owner });
    expect(list.html).toContain('https://status.example.com/api/v2/summary.json');
  });
});
