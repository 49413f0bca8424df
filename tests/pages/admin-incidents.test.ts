import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { auditLog, events, eventUpdates } from '../../db/schema.js';
import { publicComponentStatus, inputValue, selectedOption as selected, signIn, textareaValue, withDb } from '../helpers/admin-pages.js';
import { component, DAY, page } from '../helpers/fixtures.js';
import { send } from '../helpers/http.js';
import { preparePeople, type Person } from '../helpers/people.js';
import { serveFixture } from '../helpers/server.js';
import { subscriber } from '../helpers/subscribers.js';


const insertPeople = preparePeople();

interface Site {
  readonly path: string;
  readonly search: string;
  readonly email: string;
  readonly sms: string;
}

/** A page with three operational components and one editor and one viewer; no incidents. */
function writeSite(path: string, now: number): Site {
  const h = openDatabase(path);
  try {
    page(h.db, 'Incident Test', 'UTC', now - DAY);
    const search = component(h.db, 'search', 'Search', now - DAY, { position: 1 });
    const email = component(h.db, 'email', 'Email', now - DAY, { position: 2 });
    const sms = component(h.db, 'sms', 'SMS', now - DAY, { position: 3 });
    insertPeople(h.db, now, ['editor', 'viewer']);
    // Two hear about Search (one of them about everything); SMS's only subscriber is not told of Search and Email.
    subscriber(h.db, 'all@example.com', 'active', now - DAY);
    subscriber(h.db, 'search@example.com', 'active', now - DAY, { componentIds: [search] });
    subscriber(h.db, 'sms@example.com', 'active', now - DAY, { componentIds: [sms] });
    return { path, search, email, sms };
  } finally {
    h.close();
  }
}

const rowCounts = (path: string): { events: number; updates: number; audit: number } =>
  withDb(path, (db) => ({
    events: db.select({ n: count() }).from(events).get()!.n,
    updates: db.select({ n: count() }).from(eventUpdates).get()!.n,
    audit: db.select({ n: count() }).from(auditLog).get()!.n,
  }));

/** The message textarea of the incident forms. */
const textarea = (html: string): string | undefined => textareaValue(html, 'message');

const INVESTIGATING_BODY =
  'We are investigating reports of problems with {{components}} since {{started_at}}. We will share more as soon as we know it, and update this page by {{next_update}} at the latest.';

describe('the incident workflow over HTTP', () => {
  const fixture = serveFixture(writeSite);
  const url = (): string => fixture.server().url;
  const tokens = {} as Record<Person, string>;
  let incidentId = '';

  beforeAll(async () => {
    tokens.editor = await signIn(url(), 'editor');
    tokens.viewer = await signIn(url(), 'viewer');
  });

  const newIncidentForm = (over: Record<string, string> = {}): Record<string, string> => ({
    title: 'Problems with {{components}}',
    severity: 'SEV2',
    impact: '',
    status: 'investigating',
    message: INVESTIGATING_BODY,
    notify: 'on',
    [`component:${fixture.data().search}`]: 'major_outage',
    [`component:${fixture.data().email}`]: 'partial_outage',
    [`component:${fixture.data().sms}`]: '',
    intent: 'publish',
    ...over,
  });

  it('links to the new-incident form from the dashboard for an editor, not for a viewer', async () => {
    expect((await send(url(), '/admin', { cookie: tokens.editor })).html).toContain('href="/admin/incidents/new"');
    expect((await send(url(), '/admin', { cookie: tokens.viewer })).html).not.toContain('href="/admin/incidents/new"');
  });

  it('shows an editor the new-incident form with the Investigating template prefilled', async () => {
    const r = await send(url(), '/admin/incidents/new', { cookie: tokens.editor });
    expect(r.status).toBe(200);
    expect(inputValue(r.html, 'title')).toBe('Problems with {{components}}');
    expect(textarea(r.html)).toBe(INVESTIGATING_BODY);
    expect(selected(r.html, 'status')).toBe('investigating');
    expect(selected(r.html, 'severity')).toBe('SEV2');
    for (const id of [fixture.data().search, fixture.data().email, fixture.data().sms]) expect(r.html).toContain(`name="component:${id}"`);
    expect(r.html).toContain('href="/admin/incidents/new?template=resolved"');
  });

  it('prefills another template when asked', async () => {
    const r = await send(url(), '/admin/incidents/new?template=identified', { cookie: tokens.editor });
    expect(selected(r.html, 'status')).toBe('identified');
    expect(textarea(r.html)).toContain('We have found the cause');
  });

  it('answers bad input (empty title) with 400, the field error, and everything else as typed; nothing written', async () => {
    const before = rowCounts(fixture.data().path);
    const typed = 'Customers see **errors** when searching & sending "mail".';
    const r = await send(url(), '/admin/incidents/new', { cookie: tokens.editor, form: newIncidentForm({ title: '', severity: 'SEV3', impact: 'major', message: typed }) });
    expect(r.status).toBe(400);
    expect(r.html).toContain('Give the incident a title customers will understand.');
    expect(textarea(r.html)).toBe(typed);
    expect(inputValue(r.html, 'title')).toBe('');
    expect(selected(r.html, 'severity')).toBe('SEV3');
    expect(selected(r.html, 'impact')).toBe('major');
    expect(selected(r.html, `component:${fixture.data().search}`)).toBe('major_outage');
    expect(selected(r.html, `component:${fixture.data().email}`)).toBe('partial_outage');
    expect(rowCounts(fixture.data().path)).toEqual(before);
  });

  // Regression: an unticked checkbox is absent from a posted form; the box used to come back
  // ticked after a refused submit, so the next Publish notified subscribers against the choice.
  it('keeps "Notify subscribers" unticked when the form comes back with an error', async () => {
    const { notify: _omit, ...form } = newIncidentForm({ title: '' });
    const r = await send(url(), '/admin/incidents/new', { cookie: tokens.editor, form });
    expect(r.status).toBe(400);
    const checkbox = /<input[^>]*name="notify"[^>]*>/.exec(r.html)?.[0];
    expect(checkbox).toBeDefined();
    expect(checkbox).not.toMatch(/\bchecked\b/);
  });

  it('says before publishing how many subscribers will be notified, counted for the chosen components', async () => {
    const r = await send(url(), '/admin/incidents/new', { cookie: tokens.editor });
    // No component chosen yet: the incident concerns the whole page.
    expect(r.html).toContain('<span data-recipients>3 subscribers will be notified</span>');
    const chosen = await send(url(), '/admin/incidents/new', { cookie: tokens.editor, form: newIncidentForm({ intent: 'preview' }) });
    expect(chosen.html).toContain('<span data-recipients>2 subscribers will be notified</span>');
  });

  it('previews without publishing: 200, title and message filled, in one preview', async () => {
    const before = rowCounts(fixture.data().path);
    const r = await send(url(), '/admin/incidents/new', { cookie: tokens.editor, form: newIncidentForm({ intent: 'preview' }) });
    expect(r.status).toBe(200);
    expect(r.html.match(/aria-label="Preview"/g)).toHaveLength(1);
    expect(r.html).toContain('<h3 class="preview-title">Problems with Search and Email</h3>');
    expect(r.html).toContain('We are investigating reports of problems with Search and Email since ');
    // A half-written form previews too: what cannot be filled yet shows as typed.
    const half = await send(url(), '/admin/incidents/new', { cookie: tokens.editor, form: { title: '', message: 'Trouble with {{components}}', intent: 'preview' } });
    expect(half.status).toBe(200);
    expect(half.html).toMatch(/<div data-preview-body><p>Trouble with \{\{components\}\}<\/p>/);
    expect(textarea(r.html)).toBe(INVESTIGATING_BODY);
    expect(rowCounts(fixture.data().path)).toEqual(before);
  });

  it('publishes a new incident on two components: 303 to its admin page, then shown on the public page and in the API', async () => {
    const r = await send(url(), '/admin/incidents/new', { cookie: tokens.editor, form: newIncidentForm() });
    expect(r.status, r.html).toBe(303);
    expect(r.location).toMatch(/^\/admin\/incidents\/[0-9a-z]{12}\?published=1$/);
    incidentId = /\/admin\/incidents\/([0-9a-z]{12})/.exec(r.location!)![1]!;

    const admin = await send(url(), r.location!, { cookie: tokens.editor });
    expect(admin.status).toBe(200);
    expect(admin.html).toContain('Published. It is on the public page now.');
    // No mail server in this test: both mails wait in the outbox.
    expect(admin.html).toMatch(/<p class="muted small" data-sent>Sent to 0 subscribers · 2 pending<\/p>/);
    expect(admin.html).toContain('<h1>Problems with Search and Email</h1>');
    expect(admin.html).toMatch(new RegExp(`<form[^>]*method="post"[^>]*action="/admin/incidents/${incidentId}"`));

    const home = await send(url(), '/');
    expect(home.status).toBe(200);
    expect(home.html).toContain('Problems with Search and Email');
    expect(home.html).toContain(`data-event="${incidentId}"`);
    expect(publicComponentStatus(home.html, 'search')).toBe('major_outage');
    expect(publicComponentStatus(home.html, 'email')).toBe('partial_outage');
    expect(publicComponentStatus(home.html, 'sms')).toBe('operational');

    const api = await send(url(), '/api/v2/incidents/unresolved.json');
    const json = JSON.parse(api.html) as { incidents: { id: string; name: string; status: string; impact: string; components: { name: string; status: string }[] }[] };
    expect(json.incidents).toHaveLength(1);
    expect(json.incidents[0]).toMatchObject({ id: incidentId, name: 'Problems with Search and Email', status: 'investigating', impact: 'critical' });
    expect(json.incidents[0]!.components.map((c) => [c.name, c.status]).sort()).toEqual([
      ['Email', 'partial_outage'],
      ['Search', 'major_outage'],
    ]);

    const audit = withDb(fixture.data().path, (db) => db.select().from(auditLog).where(eq(auditLog.objectId, incidentId)).all());
    expect(audit.map((a) => [a.action, a.actorLabel])).toEqual([['incident.created', 'eddie@example.com']]);
  });

  // Regression: the space between two expressions in a fragment was lost ("ongoing forless than a minute").
  it('says how long the incident has been going on, with a space before the duration', async () => {
    const admin = await send(url(), `/admin/incidents/${incidentId}`, { cookie: tokens.editor });
    const facts = /<p class="muted">([\s\S]*?)<\/p>/.exec(admin.html)![1]!.replace(/<[^>]+>/g, '');
    expect(facts).toMatch(/ · ongoing for (less than a minute|\d+ min)$/);
  });

  it('has the next update ready: when it is due, the last update above the form, the next template prefilled', async () => {
    const { html } = await send(url(), `/admin/incidents/${incidentId}`, { cookie: tokens.editor });
    // SEV2's default cadence is 30 min from the update just published.
    // The server writes the text; the page's script only keeps it current (data-due-at).
    expect(html).toMatch(/<p class="due" data-due-for="[^"]+" data-due-at="\d+"><span data-due-mark hidden>⚠ <\/span>Next update <span data-due-text>due in (2\d|30) min<\/span><\/p>/);
    const last = html.slice(html.indexOf('class="card last-update"'), html.indexOf('<h2>Post an update</h2>'));
    expect(last).toContain('Last update · Investigating');
    expect(last).toContain('We are investigating reports of problems with Search and Email');
    // Investigating was said: the form offers Identified, with its template's words.
    expect(selected(html, 'status')).toBe('identified');
    expect(textarea(html)).toMatch(/^We have found the cause/);
  });

  it('posts an Identified update: first on the public incident page', async () => {
    const r = await send(url(), `/admin/incidents/${incidentId}`, {
      cookie: tokens.editor,
      form: { status: 'identified', message: 'We found the cause for {{components}}: a bad index.', notify: 'on', intent: 'publish' },
    });
    expect(r.status, r.html).toBe(303);
    expect(r.location).toBe(`/admin/incidents/${incidentId}?published=1`);

    const pub = await send(url(), `/incidents/${incidentId}`);
    expect(pub.status).toBe(200);
    const items = [...pub.html.matchAll(/<li data-update="[^"]+" data-status="([a-z_]+)">([\s\S]*?)<\/li>\s*(?=<li data-update|<\/ol>)/g)];
    expect(items.map((m) => m[1])).toEqual(['identified', 'investigating']);
    expect(items[0]![2]).toContain('We found the cause for Search and Email: a bad index.');
  });

  it('refuses a step back (identified → investigating) with 409, the reason, and the typed message kept', async () => {
    const before = rowCounts(fixture.data().path);
    const typed = 'Actually we are not sure any more.';
    const r = await send(url(), `/admin/incidents/${incidentId}`, { cookie: tokens.editor, form: { status: 'investigating', message: typed, intent: 'publish' } });
    expect(r.status).toBe(409);
    expect(r.html).toContain('An incident cannot go back from Identified to Investigating; only Monitoring may step back.');
    expect(textarea(r.html)).toBe(typed);
    expect(r.html).toMatch(/<option value="investigating"[^>]*disabled[^>]*>Investigating \(not allowed now\)<\/option>/);
    expect(rowCounts(fixture.data().path)).toEqual(before);
  });

  it('resolves with the components back to operational: gone from unresolved.json', async () => {
    const r = await send(url(), `/admin/incidents/${incidentId}`, {
      cookie: tokens.editor,
      form: {
        status: 'resolved',
        message: 'Resolved after {{duration}}.',
        [`component:${fixture.data().search}`]: 'operational',
        [`component:${fixture.data().email}`]: 'operational',
        intent: 'publish',
      },
    });
    expect(r.status, r.html).toBe(303);
    const json = JSON.parse((await send(url(), '/api/v2/incidents/unresolved.json')).html) as { incidents: unknown[] };
    expect(json.incidents).toEqual([]);
    const home = await send(url(), '/');
    expect(publicComponentStatus(home.html, 'search')).toBe('operational');
    expect(publicComponentStatus(home.html, 'email')).toBe('operational');
    const pub = await send(url(), `/incidents/${incidentId}`);
    expect([...pub.html.matchAll(/<li data-update="[^"]+" data-status="([a-z_]+)"/g)].map((m) => m[1])).toEqual(['resolved', 'identified', 'investigating']);
    expect(pub.html).toMatch(/Resolved after (less than a minute|\d+ min)\./);
  });

  it('answers an unknown incident id with 404', async () => {
    const r = await send(url(), '/admin/incidents/nosuchincid0', { cookie: tokens.editor });
    expect(r.status).toBe(404);
    expect(r.html).toContain('There is no incident “nosuchincid0”.');
  });

  describe('as a viewer', () => {
    it('GET /admin/incidents/new is 403', async () => {
      expect((await send(url(), '/admin/incidents/new', { cookie: tokens.viewer })).status).toBe(403);
    });

    it('GET /admin/incidents/{id} is 200 with the timeline and without the update form', async () => {
      const r = await send(url(), `/admin/incidents/${incidentId}`, { cookie: tokens.viewer });
      expect(r.status).toBe(200);
      expect(r.html).toContain('Problems with Search and Email');
      expect(r.html).toContain('data-status="resolved"');
      expect(r.html).not.toContain('Post an update');
      expect(r.html).not.toContain('name="message"');
      expect(r.html).not.toMatch(/<form[^>]*action="\/admin\/incidents\//);
    });

    it('POST to an incident or to new is 403 and writes nothing', async () => {
      const before = rowCounts(fixture.data().path);
      const upd = await send(url(), `/admin/incidents/${incidentId}`, { cookie: tokens.viewer, form: { status: 'resolved', message: 'viewer was here', intent: 'publish' } });
      expect(upd.status).toBe(403);
      const created = await send(url(), '/admin/incidents/new', { cookie: tokens.viewer, form: newIncidentForm({ title: 'Viewer incident' }) });
      expect(created.status).toBe(403);
      expect(rowCounts(fixture.data().path)).toEqual(before);
    });
  });

  describe('not signed in', () => {
    it('is sent to sign in for GET and POST', async () => {
      for (const [path, init] of [
        ['/admin/incidents/new', {}],
        ['/admin/incidents/new', { form: { title: 'x' } }],
        [`/admin/incidents/${incidentId}`, {}],
        [`/admin/incidents/${incidentId}`, { form: { status: 'resolved', message: 'x' } }],
      ] as const) {
        const r = await send(url(), path, init);
        expect(r.status, path).toBe(303);
        expect(r.location).toBe(`/admin/login?next=${encodeURIComponent(path)}`);
      }
    });
  });

  it('refuses a cross-site POST with an editor cookie: 403, nothing written', async () => {
    const before = rowCounts(fixture.data().path);
    const created = await send(url(), '/admin/incidents/new', { cookie: tokens.editor, headers: { origin: 'http://evil.example' }, form: newIncidentForm({ title: 'Forged' }) });
    expect(created.status).toBe(403);
    const upd = await send(url(), `/admin/incidents/${incidentId}`, { cookie: tokens.editor, headers: { origin: 'http://evil.example' }, form: { status: 'resolved', message: 'forged' } });
    expect(upd.status).toBe(403);
    expect(rowCounts(fixture.data().path)).toEqual(before);
  });
});
