import { count, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { auditLog, components, componentStatusChanges } from '../../db/schema.js';
import { inputValue, isChecked, publicComponentStatus, selectedOption, signIn, textareaValue, withDb } from '../helpers/admin-pages.js';
import { component, DAY, group, page } from '../helpers/fixtures.js';
import { send } from '../helpers/http.js';
import { preparePeople, type Person } from '../helpers/people.js';
import { serveFixture } from '../helpers/server.js';

const insertPeople = preparePeople();

interface Site {
  readonly path: string;
  readonly backend: string;
  readonly api: string;
  readonly web: string;
  readonly people: Record<Person, string>;
}

/** A page with a group (Backend › API) and a top-level Website, and one person per role. */
function writeSite(path: string, now: number): Site {
  const h = openDatabase(path);
  try {
    page(h.db, 'Components Test', 'UTC', now - DAY);
    const backend = group(h.db, 'backend', 'Backend', now - DAY, 1);
    const api = component(h.db, 'api', 'API', now - DAY, { groupId: backend, position: 1 });
    const web = component(h.db, 'web', 'Website', now - DAY, { position: 2 });
    const people = insertPeople(h.db, now, ['owner', 'editor', 'viewer']);
    return { path, backend, api, web, people };
  } finally {
    h.close();
  }
}

/** Everything a component action may write. */
const stored = (path: string): unknown =>
  withDb(path, (db) => ({
    components: db.select().from(components).orderBy(components.id).all(),
    history: db.select({ n: count() }).from(componentStatusChanges).get()!.n,
    audit: db.select({ n: count() }).from(auditLog).get()!.n,
  }));

/** Slugs in the order the public page shows them. */
const publicOrder = (html: string): string[] => [...html.matchAll(/data-component="([a-z0-9-]+)"/g)].map((m) => m[1]!);

describe('components in the admin area', () => {
  const fixture = serveFixture(writeSite);
  const url = (): string => fixture.server().url;
  const site = (): Site => fixture.data();
  const tokens = {} as Record<Person, string>;
  let created = '';

  beforeAll(async () => {
    for (const who of ['owner', 'editor', 'viewer'] as const) tokens[who] = await signIn(url(), who);
  });

  const editForm = (over: Record<string, string> = {}): Record<string, string> => ({
    intent: 'save',
    name: 'Website',
    slug: 'web',
    description: '',
    group: '',
    start_date: '',
    showcase: 'on',
    ...over,
  });

  describe('navigation', () => {
    it.each([
      ['owner', true, true],
      ['editor', true, false],
      ['viewer', true, false],
    ] as const)('the %s sees Components %s and Settings %s in the nav', async (who, components, settings) => {
      const html = (await send(url(), '/admin', { cookie: tokens[who] })).html;
      expect(html.includes('href="/admin/components"')).toBe(components);
      expect(html.includes('href="/admin/settings"')).toBe(settings);
    });
  });

  describe('as a viewer', () => {
    it('sees the list read-only: no new link, no reorder buttons', async () => {
      const r = await send(url(), '/admin/components', { cookie: tokens.viewer });
      expect(r.status).toBe(200);
      expect(r.html).toContain('Backend');
      expect(r.html).toContain('Website');
      expect(r.html).not.toContain('href="/admin/components/new"');
      expect(r.html).not.toContain('name="intent"');
    });

    it('sees a component page without any form', async () => {
      const r = await send(url(), `/admin/components/${site().api}`, { cookie: tokens.viewer });
      expect(r.status).toBe(200);
      expect(r.html).toContain('<h1>API');
      expect(r.html).not.toMatch(/<form[^>]*action="\/admin\/components\//);
    });

    it('is refused the new-component form and every POST: 403, nothing written', async () => {
      const before = stored(site().path);
      expect((await send(url(), '/admin/components/new', { cookie: tokens.viewer })).status).toBe(403);
      expect((await send(url(), '/admin/components/new', { cookie: tokens.viewer, form: { kind: 'component', name: 'Viewer made' } })).status).toBe(403);
      expect((await send(url(), `/admin/components/${site().api}`, { cookie: tokens.viewer, form: { intent: 'status', status: 'major_outage' } })).status).toBe(403);
      expect((await send(url(), `/admin/components/${site().web}`, { cookie: tokens.viewer, form: { intent: 'archive' } })).status).toBe(403);
      expect(stored(site().path)).toEqual(before);
    });
  });

  describe('as an editor', () => {
    it('sees the status form but not the edit, archive or reorder forms', async () => {
      const r = await send(url(), `/admin/components/${site().api}`, { cookie: tokens.editor });
      expect(r.html).toContain('value="status"');
      expect(r.html).not.toContain('value="save"');
      expect(r.html).not.toContain('value="archive"');
      expect((await send(url(), '/admin/components', { cookie: tokens.editor })).html).not.toContain('value="move_up"');
    });

    it('is refused the new-component form: 403', async () => {
      expect((await send(url(), '/admin/components/new', { cookie: tokens.editor })).status).toBe(403);
    });

    it('cannot edit, archive or reorder: 403 with a clear message, nothing written', async () => {
      const before = stored(site().path);
      for (const form of [editForm({ name: 'Editor renamed' }), { intent: 'archive' }, { intent: 'move_up' }]) {
        const r = await send(url(), `/admin/components/${site().web}`, { cookie: tokens.editor, form });
        expect(r.status, form.intent).toBe(403);
        expect(r.html).toContain('Only an owner can create, edit, reorder or archive components; editors can set their status.');
      }
      expect(stored(site().path)).toEqual(before);
    });

    it('sets a status by hand: on the public page and API at once, in the history with the editor’s name, audited', async () => {
      const r = await send(url(), `/admin/components/${site().api}`, { cookie: tokens.editor, form: { intent: 'status', status: 'partial_outage' } });
      expect(r.status, r.html).toBe(303);
      expect(r.location).toBe(`/admin/components/${site().api}?done=status`);

      const home = await send(url(), '/');
      expect(publicComponentStatus(home.html, 'api')).toBe('partial_outage');
      expect(publicComponentStatus(home.html, 'backend')).toBe('partial_outage');
      const api = JSON.parse((await send(url(), '/api/v2/components.json')).html) as { components: { name: string; status: string }[] };
      expect(api.components.find((c) => c.name === 'API')!.status).toBe('partial_outage');

      const admin = await send(url(), r.location!, { cookie: tokens.editor });
      expect(admin.html).toContain('Status changed. It is on the public page now.');
      expect(admin.html).toMatch(/<tr data-history-status="partial_outage">[\s\S]*?Set by hand[\s\S]*?Eddie Editor/);

      const row = withDb(site().path, (db) =>
        db.select().from(componentStatusChanges).where(eq(componentStatusChanges.componentId, site().api)).orderBy(desc(componentStatusChanges.id)).get(),
      );
      expect(row).toMatchObject({ status: 'partial_outage', cause: 'manual', actorId: site().people.editor });
      const audit = withDb(site().path, (db) => db.select().from(auditLog).where(eq(auditLog.action, 'component.status_changed')).all());
      expect(audit.map((a) => [a.objectId, a.actorLabel, JSON.parse(a.diff!)])).toEqual([
        [site().api, 'eddie@example.com', { status: { from: 'operational', to: 'partial_outage' } }],
      ]);
    });

    it('setting the status it already has is refused with 409 next to the field', async () => {
      const before = stored(site().path);
      const r = await send(url(), `/admin/components/${site().api}`, { cookie: tokens.editor, form: { intent: 'status', status: 'partial_outage' } });
      expect(r.status).toBe(409);
      expect(r.html).toMatch(/<span class="field-error">“API” is already Partial outage\.<\/span>/);
      expect(selectedOption(r.html, 'status')).toBe('partial_outage');
      expect(stored(site().path)).toEqual(before);
    });
  });

  describe('as the owner', () => {
    it('creates a component in a group: 303 to its page, then on the public page', async () => {
      const form = { kind: 'component', name: 'Search API', slug: '', description: 'Full-text search', group: site().backend, start_date: '2026-01-01', showcase: 'on' };
      const r = await send(url(), '/admin/components/new', { cookie: tokens.owner, form });
      expect(r.status, r.html).toBe(303);
      created = /^\/admin\/components\/([0-9a-z]{12})\?done=created$/.exec(r.location!)![1]!;
      const home = await send(url(), '/');
      expect(publicOrder(home.html)).toEqual(['backend', 'api', 'search-api', 'web']);
      expect((await send(url(), '/components/search-api')).status).toBe(200);
    });

    it('answers bad input with 400, each error by its field, the input kept; nothing written', async () => {
      const before = stored(site().path);
      const form = { kind: 'component', name: '', slug: 'Bad Slug!', description: 'Kept <b>as typed</b> & all', group: site().backend, start_date: '2026-02-30' };
      const r = await send(url(), '/admin/components/new', { cookie: tokens.owner, form });
      expect(r.status).toBe(400);
      expect(r.html).toContain('Give the component a name.');
      expect(r.html).toContain('Use lower-case letters, digits and single hyphens');
      expect(r.html).toContain('Give the start date as YYYY-MM-DD');
      expect(inputValue(r.html, 'slug')).toBe('Bad Slug!');
      expect(inputValue(r.html, 'start_date')).toBe('2026-02-30');
      expect(textareaValue(r.html, 'description')).toBe('Kept <b>as typed</b> & all');
      expect(selectedOption(r.html, 'group')).toBe(site().backend);
      expect(isChecked(r.html, 'showcase')).toBe(false);
      expect(stored(site().path)).toEqual(before);
    });

    it('answers a slug clash with 409 and the message by the slug field; nothing written', async () => {
      const before = stored(site().path);
      const r = await send(url(), '/admin/components/new', { cookie: tokens.owner, form: { kind: 'group', name: 'Web', slug: 'web' } });
      expect(r.status).toBe(409);
      expect(r.html).toContain('The address “web” is already used by another component.');
      expect(isChecked(r.html, 'kind', 'group')).toBe(true);
      expect(stored(site().path)).toEqual(before);
    });

    it('refuses to put the group inside another group: 409, nothing written', async () => {
      const g = await send(url(), '/admin/components/new', { cookie: tokens.owner, form: { kind: 'group', name: 'Edge', slug: 'edge' } });
      expect(g.status).toBe(303);
      const edge = /\/admin\/components\/([0-9a-z]{12})/.exec(g.location!)![1]!;
      const before = stored(site().path);
      const r = await send(url(), `/admin/components/${site().backend}`, { cookie: tokens.owner, form: editForm({ name: 'Backend', slug: 'backend', group: edge }) });
      expect(r.status).toBe(409);
      expect(r.html).toContain('“Backend” has components inside it, so it cannot go inside a group: groups are one level deep.');
      expect(stored(site().path)).toEqual(before);
    });

    it('renames a component: the public page shows the new name', async () => {
      const r = await send(url(), `/admin/components/${site().web}`, { cookie: tokens.owner, form: editForm({ name: 'Web app', description: 'The customer app' }) });
      expect(r.status, r.html).toBe(303);
      expect(r.location).toBe(`/admin/components/${site().web}?done=saved`);
      const home = await send(url(), '/');
      expect(home.html).toContain('>Web app</a>');
      expect(home.html).not.toContain('>Website</a>');
      const audit = withDb(site().path, (db) => db.select().from(auditLog).where(eq(auditLog.action, 'component.updated')).all());
      expect(audit.map((a) => JSON.parse(a.diff!))).toEqual([{ name: { from: 'Website', to: 'Web app' }, description: { from: null, to: 'The customer app' } }]);
    });

    it('an edit with bad input is 400 with the typed values, and changes nothing', async () => {
      const before = stored(site().path);
      const r = await send(url(), `/admin/components/${site().web}`, { cookie: tokens.owner, form: editForm({ name: 'x'.repeat(101), description: 'typed' }) });
      expect(r.status).toBe(400);
      expect(r.html).toContain('Keep the name under 100 characters.');
      expect(inputValue(r.html, 'name')).toBe('x'.repeat(101));
      expect(textareaValue(r.html, 'description')).toBe('typed');
      expect(stored(site().path)).toEqual(before);
    });

    it('reorders with move up/down from the list: the public page follows', async () => {
      const list = await send(url(), '/admin/components', { cookie: tokens.owner });
      expect(list.html).toMatch(new RegExp(`<form[^>]*action="/admin/components/${created}"`));
      const r = await send(url(), `/admin/components/${created}`, { cookie: tokens.owner, form: { intent: 'move_up' } });
      expect(r.status).toBe(303);
      expect(r.location).toBe(`/admin/components#c-${created}`);
      expect(publicOrder((await send(url(), '/')).html)).toEqual(['backend', 'search-api', 'api', 'web']);
      await send(url(), `/admin/components/${site().web}`, { cookie: tokens.owner, form: { intent: 'move_up' } });
      expect(publicOrder((await send(url(), '/')).html)).toEqual(['web', 'backend', 'search-api', 'api']);
    });

    it('archives a component: gone from the public page, API, feeds and badges; listed as archived', async () => {
      const r = await send(url(), `/admin/components/${site().web}`, { cookie: tokens.owner, form: { intent: 'archive' } });
      expect(r.status).toBe(303);
      expect(publicOrder((await send(url(), '/')).html)).not.toContain('web');
      expect((await send(url(), '/components/web')).status).toBe(404);
      expect((await send(url(), '/components/web/badge.svg')).status).toBe(404);
      expect((await send(url(), '/components/web/history.rss')).status).toBe(404);
      const api = JSON.parse((await send(url(), '/api/v2/components.json')).html) as { components: { name: string }[] };
      expect(api.components.map((c) => c.name)).not.toContain('Web app');
      const list = await send(url(), '/admin/components', { cookie: tokens.owner });
      expect(list.html).toContain('data-archived="web"');
      const admin = await send(url(), `/admin/components/${site().web}`, { cookie: tokens.editor });
      expect(admin.status).toBe(200);
      expect(admin.html).not.toContain('value="status"');
    });

    it('refuses to set the status of an archived component: 409', async () => {
      const r = await send(url(), `/admin/components/${site().web}`, { cookie: tokens.editor, form: { intent: 'status', status: 'major_outage' } });
      expect(r.status).toBe(409);
      expect(r.html).toContain('“Web app” is archived; restore it before changing it.');
    });

    it('restores it: back on the public page', async () => {
      const r = await send(url(), `/admin/components/${site().web}`, { cookie: tokens.owner, form: { intent: 'unarchive' } });
      expect(r.status).toBe(303);
      expect(publicOrder((await send(url(), '/')).html)).toContain('web');
      expect((await send(url(), '/components/web')).status).toBe(200);
    });

    it('answers an unknown component with 404, for GET and POST', async () => {
      const get = await send(url(), '/admin/components/nosuchcompo0', { cookie: tokens.owner });
      expect(get.status).toBe(404);
      expect(get.html).toContain('There is no component “nosuchcompo0”.');
      expect((await send(url(), '/admin/components/nosuchcompo0', { cookie: tokens.owner, form: { intent: 'archive' } })).status).toBe(404);
    });
  });

  it('sends someone not signed in to sign in', async () => {
    for (const path of ['/admin/components', '/admin/components/new', `/admin/components/${site().api}`]) {
      const r = await send(url(), path);
      expect(r.status, path).toBe(303);
      expect(r.location).toBe(`/admin/login?next=${encodeURIComponent(path)}`);
    }
  });

  it('refuses a cross-site POST with the owner’s cookie: 403, nothing written', async () => {
    const before = stored(site().path);
    const r = await send(url(), `/admin/components/${site().web}`, { cookie: tokens.owner, headers: { origin: 'http://evil.example' }, form: { intent: 'archive' } });
    expect(r.status).toBe(403);
    expect(stored(site().path)).toEqual(before);
  });
});
