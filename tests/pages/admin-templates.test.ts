import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { auditLog, templates } from '../../db/schema.js';
import { inputValue, selectedOption as selected, signIn, textareaValue, withDb } from '../helpers/admin-pages.js';

/** The message textarea of the forms. */
const textarea = (html: string, name = 'message'): string | undefined => textareaValue(html, name);
import { component, DAY, page } from '../helpers/fixtures.js';
import { send } from '../helpers/http.js';
import { preparePeople, type Person } from '../helpers/people.js';
import { serveFixture } from '../helpers/server.js';

const insertPeople = preparePeople();

function writeSite(path: string, now: number): { path: string } {
  const h = openDatabase(path);
  try {
    page(h.db, 'Template Test', 'UTC', now - DAY);
    component(h.db, 'search', 'Search', now - DAY);
    insertPeople(h.db, now, ['editor', 'viewer']);
    return { path };
  } finally {
    h.close();
  }
}

const rowCounts = (path: string): { templates: number; audit: number } =>
  withDb(path, (db) => ({ templates: db.select({ n: count() }).from(templates).get()!.n, audit: db.select({ n: count() }).from(auditLog).get()!.n }));

/** Template names in the order the list page shows them, per kind. */
function listed(html: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const section of html.matchAll(/<section aria-labelledby="templates-([a-z]+)">([\s\S]*?)<\/section>/g)) {
    out[section[1]!] = [...section[2]!.matchAll(/<a href="\/admin\/templates\/[0-9a-z]{12}">([^<]*)<\/a>/g)].map((m) => m[1]!);
  }
  return out;
}
const idOf = (html: string, name: string): string => new RegExp(`<a href="/admin/templates/([0-9a-z]{12})">${name}</a>`).exec(html)![1]!;

describe('templates admin over HTTP', () => {
  const fixture = serveFixture(writeSite);
  const url = (): string => fixture.server().url;
  const tokens = {} as Record<Person, string>;

  beforeAll(async () => {
    tokens.editor = await signIn(url(), 'editor');
    tokens.viewer = await signIn(url(), 'viewer');
  });

  const form = (over: Record<string, string> = {}): Record<string, string> => ({
    kind: 'incident',
    name: 'Degraded',
    status: 'identified',
    title: 'Slow {{components}}',
    body: '{{components}} is slower than usual since {{started_at}}. Next update by {{next_update}}.',
    ...over,
  });

  it('lists the shipped templates on first visit, in order per kind, linked from the admin menu', async () => {
    const r = await send(url(), '/admin/templates', { cookie: tokens.editor });
    expect(r.status).toBe(200);
    expect(listed(r.html)).toEqual({ incident: ['Investigating', 'Identified', 'Monitoring', 'Resolved'], maintenance: ['Scheduled', 'In progress', 'Completed'] });
    expect(r.html).toContain('href="/admin/templates/new"');
    expect(r.html).toMatch(/<nav[^>]*aria-label="Admin"[\s\S]*href="\/admin\/templates"/);
  });

  it('answers bad input with 400, each error by its field, the input kept; nothing written', async () => {
    const before = rowCounts(fixture.data().path);
    const typed = 'Hello {{customer}}, {{components}} is slow.';
    const r = await send(url(), '/admin/templates/new', { cookie: tokens.editor, form: form({ name: 'x'.repeat(61), kind: 'maintenance', status: 'identified', body: typed }) });
    expect(r.status).toBe(400);
    expect(r.html).toContain('Keep the name under 60 characters.');
    expect(r.html).toContain('Choose a maintenance status: Scheduled, In progress, Verifying, Completed.');
    expect(r.html).toContain('{{customer}} is not a placeholder a maintenance template can use. Known: {{components}}, {{starts_at}} and {{ends_at}}.');
    expect(textarea(r.html, 'body')).toBe(typed);
    expect(inputValue(r.html, 'name')).toBe('x'.repeat(61));
    expect(selected(r.html, 'kind')).toBe('maintenance');
    expect(selected(r.html, 'status')).toBe('identified');
    expect(rowCounts(fixture.data().path)).toEqual(before);
  });

  it('creates a template: listed last, offered in the incident editor, and prefilling it', async () => {
    const r = await send(url(), '/admin/templates/new', { cookie: tokens.editor, form: form() });
    expect(r.status, r.html).toBe(303);
    expect(r.location).toBe('/admin/templates?saved=1');
    const list = await send(url(), r.location!, { cookie: tokens.editor });
    expect(list.html).toContain('Template saved.');
    expect(listed(list.html).incident).toEqual(['Investigating', 'Identified', 'Monitoring', 'Resolved', 'Degraded']);

    const editor = await send(url(), '/admin/incidents/new', { cookie: tokens.editor });
    expect(editor.html).toContain('href="/admin/incidents/new?template=degraded"');
    const prefilled = await send(url(), '/admin/incidents/new?template=degraded', { cookie: tokens.editor });
    expect(selected(prefilled.html, 'status')).toBe('identified');
    expect(inputValue(prefilled.html, 'title')).toBe('Slow {{components}}');
    expect(textarea(prefilled.html)).toBe(form().body);
  });

  it('refuses a second template with the same name in the kind: 409, the input kept', async () => {
    const before = rowCounts(fixture.data().path);
    const r = await send(url(), '/admin/templates/new', { cookie: tokens.editor, form: form({ name: 'degraded', body: 'Another.' }) });
    expect(r.status).toBe(409);
    expect(r.html).toContain('There is already an incident template called “Degraded”; choose another name.');
    expect(textarea(r.html, 'body')).toBe('Another.');
    expect(rowCounts(fixture.data().path)).toEqual(before);
  });

  it('edits a template; a refused edit keeps what was typed and changes nothing', async () => {
    const id = idOf((await send(url(), '/admin/templates', { cookie: tokens.editor })).html, 'Degraded');
    const page = await send(url(), `/admin/templates/${id}`, { cookie: tokens.editor });
    expect(page.status).toBe(200);
    expect(inputValue(page.html, 'name')).toBe('Degraded');

    const bad = await send(url(), `/admin/templates/${id}`, { cookie: tokens.editor, form: form({ title: '', intent: 'save' }) });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Write a title; it prefills a new event.');
    expect(inputValue(bad.html, 'title')).toBe('');

    const ok = await send(url(), `/admin/templates/${id}`, { cookie: tokens.editor, form: form({ body: 'Slow {{components}}; we are on it.', intent: 'save' }) });
    expect(ok.status, ok.html).toBe(303);
    expect(textarea((await send(url(), `/admin/templates/${id}`, { cookie: tokens.editor })).html, 'body')).toBe('Slow {{components}}; we are on it.');
    const audit = withDb(fixture.data().path, (db) => db.select().from(auditLog).where(eq(auditLog.objectId, id)).all());
    expect(audit.map((a) => [a.action, a.actorLabel])).toEqual([
      ['template.created', 'eddie@example.com'],
      ['template.updated', 'eddie@example.com'],
    ]);
  });

  it('moves a template up its list', async () => {
    const id = idOf((await send(url(), '/admin/templates', { cookie: tokens.editor })).html, 'Degraded');
    const r = await send(url(), '/admin/templates', { cookie: tokens.editor, form: { id, move: 'up' } });
    expect(r.status).toBe(303);
    expect(listed((await send(url(), '/admin/templates', { cookie: tokens.editor })).html).incident).toEqual(['Investigating', 'Identified', 'Monitoring', 'Degraded', 'Resolved']);
    const bad = await send(url(), '/admin/templates', { cookie: tokens.editor, form: { id, move: 'sideways' } });
    expect(bad.status).toBe(400);
  });

  it('deletes only with confirmation, and the shipped ones do not come back', async () => {
    const id = idOf((await send(url(), '/admin/templates', { cookie: tokens.editor })).html, 'Resolved');
    const before = rowCounts(fixture.data().path);
    const unconfirmed = await send(url(), `/admin/templates/${id}`, { cookie: tokens.editor, form: { intent: 'delete' } });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.html).toContain('Tick the box to confirm the deletion.');
    // The edit form beside it still shows the stored template.
    expect(inputValue(unconfirmed.html, 'name')).toBe('Resolved');
    expect(rowCounts(fixture.data().path)).toEqual(before);

    const r = await send(url(), `/admin/templates/${id}`, { cookie: tokens.editor, form: { intent: 'delete', confirm: 'on' } });
    expect(r.status).toBe(303);
    expect(r.location).toBe('/admin/templates?deleted=1');
    expect((await send(url(), `/admin/templates/${id}`, { cookie: tokens.editor })).status).toBe(404);
    const list = await send(url(), '/admin/templates', { cookie: tokens.editor });
    expect(listed(list.html).incident).not.toContain('Resolved');
    expect((await send(url(), '/admin/incidents/new', { cookie: tokens.editor })).html).not.toContain('template=resolved');
  });

  it('answers an unknown template with 404', async () => {
    expect((await send(url(), '/admin/templates/nosuchtempl0', { cookie: tokens.editor })).status).toBe(404);
    expect((await send(url(), '/admin/templates/nosuchtempl0', { cookie: tokens.editor, form: form({ intent: 'save' }) })).status).toBe(404);
  });

  describe('as a viewer', () => {
    it('reads the list and a template, without any form', async () => {
      const list = await send(url(), '/admin/templates', { cookie: tokens.viewer });
      expect(list.status).toBe(200);
      expect(list.html).not.toContain('href="/admin/templates/new"');
      expect(list.html).not.toMatch(/<form[^>]*action="\/admin\/templates"/);
      const id = idOf(list.html, 'Investigating');
      const one = await send(url(), `/admin/templates/${id}`, { cookie: tokens.viewer });
      expect(one.status).toBe(200);
      expect(one.html).toContain('We are investigating reports of problems with {{components}}');
      expect(one.html).not.toMatch(/<form[^>]*action="\/admin\/templates\//);
    });

    it('may not open the new-template form or write anything: 403', async () => {
      const id = idOf((await send(url(), '/admin/templates', { cookie: tokens.viewer })).html, 'Investigating');
      const before = rowCounts(fixture.data().path);
      expect((await send(url(), '/admin/templates/new', { cookie: tokens.viewer })).status).toBe(403);
      expect((await send(url(), '/admin/templates/new', { cookie: tokens.viewer, form: form({ name: 'Viewer' }) })).status).toBe(403);
      expect((await send(url(), `/admin/templates/${id}`, { cookie: tokens.viewer, form: { intent: 'delete', confirm: 'on' } })).status).toBe(403);
      expect((await send(url(), '/admin/templates', { cookie: tokens.viewer, form: { id, move: 'down' } })).status).toBe(403);
      expect(rowCounts(fixture.data().path)).toEqual(before);
    });
  });

  it('sends someone not signed in to sign in', async () => {
    for (const path of ['/admin/templates', '/admin/templates/new']) {
      const r = await send(url(), path);
      expect(r.status).toBe(303);
      expect(r.location).toBe(`/admin/login?next=${encodeURIComponent(path)}`);
    }
  });
});
