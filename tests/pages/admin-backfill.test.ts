import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/client.js';
import { auditLog, componentStatusChanges, deliveries, events, eventUpdates, subscribers } from '../../db/schema.js';
import { toDateTimeLocal } from '../../src/core/time.js';
import { publicComponentStatus, inputValue, selectedOption, signIn, textareaValue, withDb } from '../helpers/admin-pages.js';
import { component, DAY, HOUR, MINUTE, page } from '../helpers/fixtures.js';
import { send } from '../helpers/http.js';
import { preparePeople, type Person } from '../helpers/people.js';
import { serveFixture } from '../helpers/server.js';

const insertPeople = preparePeople();

interface Site {
  readonly path: string;
  readonly api: string;
  readonly web: string;
}

/** Two components (Website degraded now, set by hand), an editor and a viewer, and one subscriber. */
function writeSite(path: string, now: number): Site {
  const h = openDatabase(path);
  try {
    page(h.db, 'Backfill Test', 'Europe/Berlin', now - 30 * DAY);
    const api = component(h.db, 'api', 'API', now - 30 * DAY, { position: 1 });
    const web = component(h.db, 'web', 'Website', now - 30 * DAY, { position: 2 });
    h.db.insert(componentStatusChanges).values({ componentId: web, status: 'degraded_performance', at: now - HOUR, cause: 'manual' }).run();
    h.db.insert(subscribers).values({ id: 'sub000000001', email: 'reader@example.com', state: 'active', allComponents: true, createdAt: now - DAY, updatedAt: now - DAY }).run();
    insertPeople(h.db, now, ['editor', 'viewer']);
    return { path, api, web };
  } finally {
    h.close();
  }
}

const counts = (db: Db) => ({
  events: db.select({ n: count() }).from(events).get()!.n,
  updates: db.select({ n: count() }).from(eventUpdates).get()!.n,
  history: db.select({ n: count() }).from(componentStatusChanges).get()!.n,
  audit: db.select({ n: count() }).from(auditLog).get()!.n,
  deliveries: db.select({ n: count() }).from(deliveries).get()!.n,
});

describe('recording a past incident over HTTP', () => {
  const fixture = serveFixture(writeSite);
  const url = (): string => fixture.server().url;
  const tokens = {} as Record<Person, string>;
  const start = Date.now() - 3 * DAY;
  const local = (at: number): string => toDateTimeLocal(at, 'Europe/Berlin');

  beforeAll(async () => {
    tokens.editor = await signIn(url(), 'editor');
    tokens.viewer = await signIn(url(), 'viewer');
  });

  const form = (over: Record<string, string> = {}): Record<string, string> => ({
    title: 'Website and API outage',
    severity: 'SEV2',
    startedAt: local(start),
    [`component:${fixture.data().api}`]: 'major_outage',
    [`component:${fixture.data().web}`]: 'partial_outage',
    'update1.status': 'investigating',
    'update1.at': local(start + 5 * MINUTE),
    'update1.message': 'We are investigating errors.',
    'update2.status': 'identified',
    'update2.at': local(start + 20 * MINUTE),
    'update2.message': 'A failed database upgrade.',
    'update3.status': 'monitoring',
    'update4.status': 'resolved',
    'update4.at': local(start + 90 * MINUTE),
    'update4.message': 'Resolved after {{duration}}.',
    ...over,
  });

  it('links to the form from the dashboard for an editor, not for a viewer', async () => {
    expect((await send(url(), '/admin', { cookie: tokens.editor })).html).toContain('href="/admin/incidents/backfill"');
    expect((await send(url(), '/admin', { cookie: tokens.viewer })).html).not.toContain('href="/admin/incidents/backfill"');
  });

  it('shows the form: title, severity, start, components, and rows preset to the usual stages', async () => {
    const r = await send(url(), '/admin/incidents/backfill', { cookie: tokens.editor });
    expect(r.status).toBe(200);
    expect(r.html).toMatch(/<input[^>]*type="datetime-local"[^>]*name="startedAt"/);
    expect(r.html).toContain(`name="component:${fixture.data().api}"`);
    expect(['update1.status', 'update2.status', 'update3.status', 'update4.status'].map((n) => selectedOption(r.html, n))).toEqual(['investigating', 'identified', 'monitoring', 'resolved']);
    expect(r.html).toContain('in Europe/Berlin');
  });

  it('is refused to a viewer, GET and POST, writing nothing', async () => {
    const before = withDb(fixture.data().path, counts);
    expect((await send(url(), '/admin/incidents/backfill', { cookie: tokens.viewer })).status).toBe(403);
    expect((await send(url(), '/admin/incidents/backfill', { cookie: tokens.viewer, form: form() })).status).toBe(403);
    expect(withDb(fixture.data().path, counts)).toEqual(before);
  });

  it('answers bad input with 400, each error next to its row, everything kept as typed; nothing written', async () => {
    const before = withDb(fixture.data().path, counts);
    const typed = form({ title: '', 'update2.at': local(start + 100 * MINUTE), 'update4.message': 'Fixed & <done>.' });
    const r = await send(url(), '/admin/incidents/backfill', { cookie: tokens.editor, form: typed });
    expect(r.status).toBe(400);
    expect(r.html).toContain('Give the incident a title customers will understand.');
    expect(inputValue(r.html, 'update2.at')).toBe(local(start + 100 * MINUTE));
    expect(textareaValue(r.html, 'update4.message')).toBe('Fixed & <done>.');
    expect(selectedOption(r.html, `component:${fixture.data().web}`)).toBe('partial_outage');
    const order = await send(url(), '/admin/incidents/backfill', { cookie: tokens.editor, form: form({ 'update2.at': local(start + 100 * MINUTE) }) });
    expect(order.status).toBe(400);
    expect(order.html).toMatch(/Updates must be in order: this one is before the previous update \([^)]+\)\.<\/span>/);
    const open = await send(url(), '/admin/incidents/backfill', { cookie: tokens.editor, form: form({ 'update4.status': 'monitoring' }) });
    expect(open.html).toContain('A past incident must end with a Resolved update.');
    expect(withDb(fixture.data().path, counts)).toEqual(before);
  });

  it('records it: 303 to its page; public timeline at the given times; current statuses unchanged; nobody notified', async () => {
    const before = withDb(fixture.data().path, counts);
    const r = await send(url(), '/admin/incidents/backfill', { cookie: tokens.editor, form: form() });
    expect(r.status, r.html).toBe(303);
    expect(r.location).toMatch(/^\/admin\/incidents\/[0-9a-z]{12}\?recorded=1$/);
    const id = /\/admin\/incidents\/([0-9a-z]{12})/.exec(r.location!)![1]!;
    expect((await send(url(), r.location!, { cookie: tokens.editor })).html).toContain('subscribers were not notified');

    const pub = await send(url(), `/incidents/${id}`);
    expect(pub.status).toBe(200);
    expect([...pub.html.matchAll(/<li data-update="[^"]+" data-status="([a-z_]+)"/g)].map((m) => m[1])).toEqual(['resolved', 'identified', 'investigating']);
    expect(pub.html).toContain('Resolved after 1 h 30 min.');

    const home = await send(url(), '/');
    expect(publicComponentStatus(home.html, 'api')).toBe('operational');
    expect(publicComponentStatus(home.html, 'web')).toBe('degraded_performance');

    const after = withDb(fixture.data().path, counts);
    expect(after).toEqual({ ...before, events: before.events + 1, updates: before.updates + 3, history: before.history + 4, audit: before.audit + 1 });
    const audit = withDb(fixture.data().path, (db) => db.select().from(auditLog).where(eq(auditLog.action, 'incident.backfilled')).get()!);
    expect(audit).toMatchObject({ actorLabel: 'eddie@example.com', objectType: 'incident', objectId: id });
  });
});
