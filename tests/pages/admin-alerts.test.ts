import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { eq } from 'drizzle-orm';
import { alertProposals, alertRules, components, deliveries, events } from '../../db/schema.js';
import { setComponentStatus } from '../../src/server/use-cases/components.js';
import { SYSTEM } from '../../src/server/audit.js';
import { receiveAlerts } from '../../src/server/use-cases/alerts.js';
import { signIn, withDb } from '../helpers/admin-pages.js';
import { component, DAY, page } from '../helpers/fixtures.js';
import { send } from '../helpers/http.js';
import { preparePeople, type Person } from '../helpers/people.js';
import { serveFixture } from '../helpers/server.js';
import { subscriber } from '../helpers/subscribers.js';

const insertPeople = preparePeople();

function writeSite(path: string, now: number): { path: string; apiId: string } {
  const h = openDatabase(path);
  try {
    page(h.db, 'Alert Test', 'UTC', now - DAY);
    const apiId = component(h.db, 'api', 'Public API', now - DAY);
    component(h.db, 'web', 'Website', now - DAY);
    component(h.db, 'cdn', 'CDN', now - DAY);
    subscriber(h.db, 'reader@example.com', 'active', now - DAY);
    insertPeople(h.db, now, ['owner', 'editor', 'viewer']);
    return { path, apiId };
  } finally {
    h.close();
  }
}

/** An alert as the intake records it, straight through the use-case. */
function fireAlert(path: string, key: string, labels: Record<string, string>): void {
  withDb(path, (db) => receiveAlerts(db, [{ source: 'generic', key, state: 'firing', name: key, summary: null, labels, firedAt: Date.now(), at: Date.now() }], SYSTEM, 'UTC', Date.now()));
}

describe('alerts in the admin area', () => {
  const fixture = serveFixture(writeSite);
  const url = (): string => fixture.server().url;
  const tokens = {} as Record<Person, string>;

  beforeAll(async () => {
    for (const who of ['owner', 'editor', 'viewer'] as const) tokens[who] = await signIn(url(), who);
  });

  it('puts a proposal on top of the dashboard; a viewer sees it but cannot publish', async () => {
    fireAlert(fixture.data().path, 'api-down', { component: 'api', severity: 'critical' });
    const editor = await send(url(), '/admin', { cookie: tokens.editor });
    expect(editor.html).toMatch(/Waiting for you: 1 proposal from alerts/);
    expect(editor.html).toContain('value="Problems with Public API"');
    expect(editor.html).toMatch(/Publish incident/);
    const viewer = await send(url(), '/admin', { cookie: tokens.viewer });
    expect(viewer.html).toMatch(/Waiting for you: 1 proposal/);
    expect(viewer.html).not.toMatch(/Publish incident/);
    const id = withDb(fixture.data().path, (db) => db.select().from(alertProposals).get()!.id);
    const refused = await send(url(), `/admin/proposals/${id}`, { cookie: tokens.viewer, form: { intent: 'publish', title: 'x', body: 'y' } });
    expect(refused.status).toBe(403);
  });

  it('publishes with the words as edited, telling subscribers once, and a second publish is refused', async () => {
    const id = withDb(fixture.data().path, (db) => db.select().from(alertProposals).get()!.id);
    const res = await send(url(), `/admin/proposals/${id}`, { cookie: tokens.editor, form: { intent: 'publish', title: 'API errors', body: 'We are looking into errors on the API.' } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/admin\/incidents\/[0-9a-z]{12}\?published=1$/);
    const { title, mails } = withDb(fixture.data().path, (db) => ({ title: db.select().from(events).get()!.title, mails: db.select().from(deliveries).all().length }));
    expect(title).toBe('API errors');
    expect(mails).toBe(1);
    const again = await send(url(), `/admin/proposals/${id}`, { cookie: tokens.editor, form: { intent: 'publish', title: 'API errors', body: 'Again' } });
    expect(again.status).toBe(409);
    expect(again.html).toMatch(/already published/);
  });

  it('dismisses a proposal, leaving the components as the alerts set them', async () => {
    fireAlert(fixture.data().path, 'web-slow', { component: 'web', severity: 'info' });
    const id = withDb(fixture.data().path, (db) => db.select().from(alertProposals).all().find((p) => p.state === 'open')!.id);
    const res = await send(url(), `/admin/proposals/${id}`, { cookie: tokens.editor, form: { intent: 'dismiss' } });
    expect(res.headers.get('location')).toBe('/admin?dismissed=1');
    const home = await send(url(), '/', {});
    expect(home.html).toMatch(/Website[\s\S]*Degraded performance/);
  });

  it('says on the dashboard when a resolved alert left a component as a person set it', async () => {
    const { path } = fixture.data();
    fireAlert(path, 'cdn-down', { component: 'cdn', severity: 'critical' });
    const cdn = withDb(path, (db) => db.select().from(components).where(eq(components.slug, 'cdn')).get()!.id);
    withDb(path, (db) => setComponentStatus(db, cdn, 'partial_outage', { id: null, label: 'Olga' }, Date.now() + 1));
    withDb(path, (db) => receiveAlerts(db, [{ source: 'generic', key: 'cdn-down', state: 'resolved', name: 'cdn-down', summary: null, labels: {}, firedAt: Date.now(), at: Date.now() + 2 }], SYSTEM, 'UTC', Date.now() + 2));
    const res = await send(url(), '/admin', { cookie: tokens.editor });
    expect(res.html).toMatch(/Not restored automatically[\s\S]*cdn-down resolved — CDN: left at Partial outage/);
  });

  it('lists alerts, with the ones no component matched called out', async () => {
    fireAlert(fixture.data().path, 'disk-full', { instance: 'node-7' });
    const res = await send(url(), '/admin/alerts', { cookie: tokens.viewer });
    expect(res.status).toBe(200);
    expect(res.html).toMatch(/1 matched no component/);
    expect(res.html).toMatch(/data-unroutable="true"[\s\S]*No component matched/);
  });

  it('lets an owner add and delete a rule, refusing a broken matcher with a sentence; an editor may not', async () => {
    const apiId = fixture.data().apiId;
    const bad = await send(url(), '/admin/alerts/rules', { cookie: tokens.owner, form: { intent: 'create', name: 'Payments', matchers: 'job=~(', [`component:${apiId}`]: 'on', status: '', severity: '', template: '' } });
    expect(bad.status).toBe(400);
    expect(bad.html).toMatch(/is not a valid regular expression/);
    const ok = await send(url(), '/admin/alerts/rules', { cookie: tokens.owner, form: { intent: 'create', name: 'Payments', matchers: 'job=payments', [`component:${apiId}`]: 'on', status: 'major_outage', severity: 'SEV1', template: '', auto_publish: 'on' } });
    expect(ok.status).toBe(303);
    const rule = withDb(fixture.data().path, (db) => db.select().from(alertRules).get()!);
    expect(rule).toMatchObject({ name: 'Payments', componentStatus: 'major_outage', severity: 'SEV1', autoPublish: true });
    expect((await send(url(), '/admin/alerts/rules', { cookie: tokens.editor, form: { intent: 'delete', id: rule.id } })).status).toBe(403);
    expect((await send(url(), '/admin/alerts/rules', { cookie: tokens.owner, form: { intent: 'delete', id: rule.id } })).status).toBe(303);
    expect(withDb(fixture.data().path, (db) => db.select().from(alertRules).all())).toHaveLength(0);
  });

  it('saves the label routing, refusing an unknown status', async () => {
    const bad = await send(url(), '/admin/alerts/rules', { cookie: tokens.owner, form: { intent: 'routing', component_labels: 'app', severity_map: 'p1=on_fire' } });
    expect(bad.status).toBe(400);
    expect(bad.html).toMatch(/should read severity=status/);
    const ok = await send(url(), '/admin/alerts/rules', { cookie: tokens.owner, form: { intent: 'routing', component_labels: 'app, service', severity_map: 'p1=major_outage' } });
    expect(ok.status).toBe(303);
    const page = await send(url(), '/admin/alerts/rules', { cookie: tokens.owner });
    expect(page.html).toContain('value="app, service"');
  });
});
