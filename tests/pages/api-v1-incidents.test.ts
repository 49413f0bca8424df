import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/client.js';
import { readPageSettings } from '../../src/server/settings.js';
import { makeToken } from '../helpers/api-v1.js';
import { tempDatabasePath } from '../helpers/db.js';
import { component } from '../helpers/fixtures.js';
import { startServer, type RunningServer } from '../helpers/server.js';
import { subscriber } from '../helpers/subscribers.js';

let server: RunningServer;
let cleanup: () => void;
let handle: DatabaseHandle;
let token: string;
let base: string;
let apiId: string;

beforeAll(async () => {
  const db = tempDatabasePath();
  cleanup = db.cleanup;
  handle = openDatabase(db.path);
  const now = Date.now();
  const pageId = readPageSettings(handle.db, now).publicId;
  apiId = component(handle.db, 'api', 'Public API', now);
  subscriber(handle.db, 'ops@example.com', 'active', now);
  token = makeToken(handle.db, 'write', now, 'deploy bot').token;
  server = await startServer(db.path, {}, { startupMs: 90_000 });
  base = `${server.url}/api/v1/pages/${pageId}/incidents`;
});

afterAll(async () => {
  await server?.stop();
  handle?.close();
  cleanup?.();
});

async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; json: any }> {
  const res = await fetch(url, {
    method,
    headers: { authorization: `OAuth ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text === '' ? null : JSON.parse(text) };
}

const text = async (path: string): Promise<string> => (await fetch(`${server.url}${path}`)).text();
const badgeLabel = async (): Promise<string> => /aria-label="([^"]*)"/.exec(await text('/badge.svg'))?.[1] ?? '';

describe('an incident opened through /api/v1 over HTTP', () => {
  it('is at once on the page, the v2 summary, the feeds and the badge, with its mail in the outbox; then moves to resolved', async () => {
    expect(await badgeLabel()).toBe('status: all systems operational');
    const created = await call('POST', base, {
      incident: { name: 'Checkout API failing', status: 'investigating', body: 'Payments fail for {{components}}.', components: { [apiId]: 'major_outage' } },
    });
    expect(created.status).toBe(201);
    const id: string = created.json.id;
    expect(created.json.incident_updates[0].body).toBe('Payments fail for Public API.');

    expect(await text('/')).toContain('Checkout API failing');
    const summary = JSON.parse(await text('/api/v2/summary.json'));
    expect(summary.incidents.map((i: { id: string }) => i.id)).toContain(id);
    expect(summary.components.find((c: { id: string }) => c.id === apiId).status).toBe('major_outage');
    expect(await text('/history.rss')).toContain('Checkout API failing');
    expect(await text('/history.atom')).toContain('Checkout API failing');
    expect(await badgeLabel()).toBe('status: major system outage');
    const mail = handle.sqlite.prepare("select count(*) as n from deliveries where event_id = ? and kind = 'update'").get(id) as { n: number };
    expect(mail.n).toBe(1);
    const audit = handle.sqlite.prepare("select actor_label from audit_log where action = 'incident.created' and object_id = ?").get(id) as { actor_label: string };
    expect(audit.actor_label).toBe('API token “deploy bot”');

    for (const status of ['identified', 'monitoring', 'resolved'] as const) {
      const changes = status === 'resolved' ? { components: { [apiId]: 'operational' } } : {};
      const res = await call('PATCH', `${base}/${id}`, { incident: { status, body: `Now ${status}.`, ...changes } });
      expect(res.status).toBe(200);
      expect(res.json.status).toBe(status);
    }
    const after = JSON.parse(await text('/api/v2/summary.json'));
    expect(after.incidents.map((i: { id: string }) => i.id)).not.toContain(id);
    expect(await badgeLabel()).toBe('status: all systems operational');
    const resolved = await call('GET', `${base}/${id}`);
    expect(resolved.json.incident_updates.map((u: { status: string }) => u.status)).toEqual(['resolved', 'monitoring', 'identified', 'investigating']);
    const mails = handle.sqlite.prepare("select count(*) as n from deliveries where event_id = ? and kind = 'update'").get(id) as { n: number };
    expect(mails.n).toBe(4);
  });

  it('opens one incident for a POST retried with the same Idempotency-Key, and refuses the key for another body', async () => {
    const body = { incident: { name: 'Retried during an outage', body: 'Looking.' } };
    const key = { 'idempotency-key': `retry-${Date.now()}` };
    const first = await call('POST', base, body, key);
    const second = await call('POST', base, body, key);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.json.id).toBe(first.json.id);
    const count = handle.sqlite.prepare('select count(*) as n from events where title = ?').get('Retried during an outage') as { n: number };
    expect(count.n).toBe(1);
    const other = await call('POST', base, { incident: { name: 'Something else', body: 'x' } }, key);
    expect(other.status).toBe(422);
    expect(other.json.message).toMatch(/already used for a different request/);
  });
});
