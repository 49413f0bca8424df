import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { auditLog, events, eventUpdates } from '../../db/schema.js';
import { toDateTimeLocal } from '../../src/core/time.js';
import { publicComponentStatus as componentStatus, inputValue, isChecked, selectedOption as selected, signIn, textareaValue, withDb } from '../helpers/admin-pages.js';

/** The message textarea of the forms. */
const textarea = (html: string, name = 'message'): string | undefined => textareaValue(html, name);
import { component, DAY, HOUR, page } from '../helpers/fixtures.js';
import { send } from '../helpers/http.js';
import { preparePeople, type Person } from '../helpers/people.js';
import { serveFixture } from '../helpers/server.js';

const insertPeople = preparePeople();
const ZONE = 'Europe/Berlin';

interface Site {
  readonly path: string;
  readonly database: string;
  readonly api: string;
  /** The window to schedule, as datetime-local values in the page's zone, and as instants. */
  readonly from: number;
  readonly until: number;
}

function writeSite(path: string, now: number): Site {
  const h = openDatabase(path);
  try {
    page(h.db, 'Maintenance Test', ZONE, now - DAY);
    const database = component(h.db, 'database', 'Database', now - DAY, { position: 1 });
    const api = component(h.db, 'api', 'API', now - DAY, { position: 2, status: 'degraded_performance' });
    insertPeople(h.db, now, ['editor', 'viewer']);
    // Whole minutes, two days ahead: what a datetime-local input can express.
    const from = Math.floor((now + 2 * DAY) / 60_000) * 60_000;
    return { path, database, api, from, until: from + 2 * HOUR };
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

describe('scheduled maintenance over HTTP', () => {
  const fixture = serveFixture(writeSite);
  const url = (): string => fixture.server().url;
  const tokens = {} as Record<Person, string>;
  let maintenanceId = '';

  beforeAll(async () => {
    tokens.editor = await signIn(url(), 'editor');
    tokens.viewer = await signIn(url(), 'viewer');
  });

  const newForm = (over: Record<string, string> = {}): Record<string, string> => {
    const d = fixture.data();
    return {
      title: 'Planned maintenance of {{components}}',
      starts_at: toDateTimeLocal(d.from, ZONE),
      ends_at: toDateTimeLocal(d.until, ZONE),
      [`affects:${d.database}`]: 'on',
      [`affects:${d.api}`]: 'on',
      message: 'We will work on {{components}} from {{starts_at}} to {{ends_at}}.',
      notify: 'on',
      auto_start: 'on',
      auto_complete: 'on',
      intent: 'publish',
      ...over,
    };
  };

  it('offers an editor, not a viewer, to schedule maintenance from the dashboard', async () => {
    expect((await send(url(), '/admin', { cookie: tokens.editor })).html).toContain('href="/admin/maintenance/new"');
    expect((await send(url(), '/admin', { cookie: tokens.viewer })).html).not.toContain('href="/admin/maintenance/new"');
  });

  it('shows the form from the "Scheduled" template, every switch on, the window in the page zone', async () => {
    const r = await send(url(), '/admin/maintenance/new', { cookie: tokens.editor });
    expect(r.status).toBe(200);
    expect(inputValue(r.html, 'title')).toBe('Planned maintenance of {{components}}');
    expect(textarea(r.html)).toMatch(/^We will carry out planned maintenance on \{\{components\}\} from \{\{starts_at\}\} to \{\{ends_at\}\}\./);
    for (const box of ['notify', 'auto_start', 'auto_complete']) expect(isChecked(r.html, box), box).toBe(true);
    expect(r.html).toMatch(/<input[^>]*type="datetime-local"[^>]*name="starts_at"/);
    expect(r.html).toContain(`in ${ZONE}`);
    expect(r.html).toContain('href="/admin/maintenance/new?template=scheduled"');
    // Only templates that announce a schedule fit a new maintenance.
    expect(r.html).not.toContain('template=in-progress');
    expect(r.html).toContain('{{components}}, {{starts_at}} and {{ends_at}}');
  });

  it('answers a window ending before it starts with 400, the error by the field, everything as typed; nothing written', async () => {
    const before = rowCounts(fixture.data().path);
    const { auto_start: _off, ...form } = newForm({ ends_at: toDateTimeLocal(fixture.data().from - HOUR, ZONE), message: 'Typed **by hand**.' });
    const r = await send(url(), '/admin/maintenance/new', { cookie: tokens.editor, form });
    expect(r.status).toBe(400);
    expect(r.html).toMatch(/name="ends_at"[^>]*>\s*<span class="field-error">The window must end after it starts\.<\/span>/);
    expect(textarea(r.html)).toBe('Typed **by hand**.');
    expect(inputValue(r.html, 'starts_at')).toBe(toDateTimeLocal(fixture.data().from, ZONE));
    expect(isChecked(r.html, `affects:${fixture.data().database}`)).toBe(true);
    expect(isChecked(r.html, 'auto_start')).toBe(false);
    expect(isChecked(r.html, 'auto_complete')).toBe(true);
    expect(rowCounts(fixture.data().path)).toEqual(before);
  });

  it('refuses {{components}} with no component ticked, naming the field', async () => {
    const before = rowCounts(fixture.data().path);
    const { [`affects:${fixture.data().database}`]: _a, [`affects:${fixture.data().api}`]: _b, ...form } = newForm();
    const r = await send(url(), '/admin/maintenance/new', { cookie: tokens.editor, form });
    expect(r.status).toBe(400);
    expect(r.html).toContain('Choose the affected components, or write the title in your own words.');
    expect(r.html).toContain('The message still contains {{components}}');
    expect(rowCounts(fixture.data().path)).toEqual(before);
  });

  it('previews with the window in the page zone, writing nothing', async () => {
    const before = rowCounts(fixture.data().path);
    const r = await send(url(), '/admin/maintenance/new', { cookie: tokens.editor, form: newForm({ intent: 'preview' }) });
    expect(r.status).toBe(200);
    expect(r.html).toMatch(/We will work on Database and API from [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2} GMT\+[12] to /);
    expect(rowCounts(fixture.data().path)).toEqual(before);
  });

  it('publishes: 303 to its admin page; the public page and the dashboard show it as scheduled', async () => {
    const r = await send(url(), '/admin/maintenance/new', { cookie: tokens.editor, form: newForm() });
    expect(r.status, r.html).toBe(303);
    expect(r.location).toMatch(/^\/admin\/maintenance\/[0-9a-z]{12}\?published=1$/);
    maintenanceId = /\/admin\/maintenance\/([0-9a-z]{12})/.exec(r.location!)![1]!;

    const stored = withDb(fixture.data().path, (db) => db.select().from(events).where(eq(events.id, maintenanceId)).get()!);
    expect(stored).toMatchObject({ kind: 'maintenance', title: 'Planned maintenance of Database and API', scheduledFor: fixture.data().from, scheduledUntil: fixture.data().until, autoStart: true, autoComplete: true });

    const admin = await send(url(), r.location!, { cookie: tokens.editor });
    expect(admin.status).toBe(200);
    expect(admin.html).toContain('Published. It is on the public page now.');
    expect(admin.html).toContain('<h1>Planned maintenance of Database and API</h1>');
    expect(admin.html).toContain('Automatic start on · automatic completion on');

    const home = await send(url(), '/');
    expect(home.html).toMatch(/<h2 id="upcoming-maintenance">Scheduled maintenance<\/h2>[\s\S]*Planned maintenance of Database and API/);
    expect(home.html).toContain(`data-event="${maintenanceId}"`);
    // Scheduled, not begun: the components keep their status.
    expect(componentStatus(home.html, 'database')).toBe('operational');

    const dashboard = await send(url(), '/admin', { cookie: tokens.viewer });
    expect(dashboard.html).toContain(`href="/admin/maintenance/${maintenanceId}"`);
    expect(dashboard.html).toMatch(new RegExp(`data-event="${maintenanceId}"[\\s\\S]*?<td>Scheduled</td>`));
  });

  it('starting by hand: the form offers the affected components under maintenance; the public page shows it in progress', async () => {
    const form = await send(url(), `/admin/maintenance/${maintenanceId}`, { cookie: tokens.editor });
    expect(selected(form.html, 'status')).toBe('in_progress');
    expect(selected(form.html, `component:${fixture.data().database}`)).toBe('under_maintenance');
    expect(selected(form.html, `component:${fixture.data().api}`)).toBe('under_maintenance');

    const r = await send(url(), `/admin/maintenance/${maintenanceId}`, {
      cookie: tokens.editor,
      form: {
        status: 'in_progress',
        message: 'Work on {{components}} has begun; done by {{ends_at}}.',
        [`component:${fixture.data().database}`]: 'under_maintenance',
        [`component:${fixture.data().api}`]: 'under_maintenance',
        notify: 'on',
        intent: 'publish',
      },
    });
    expect(r.status, r.html).toBe(303);
    const home = await send(url(), '/');
    expect(home.html).toMatch(/<h2 id="active-maintenance">Maintenance in progress<\/h2>/);
    expect(componentStatus(home.html, 'database')).toBe('under_maintenance');
    const pub = await send(url(), `/incidents/${maintenanceId}`);
    expect(pub.html).toMatch(/Work on Database and API has begun; done by [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2} GMT\+[12]\./);
  });

  it('refuses going back to scheduled with 409, the reason and the typed message', async () => {
    const before = rowCounts(fixture.data().path);
    const r = await send(url(), `/admin/maintenance/${maintenanceId}`, { cookie: tokens.editor, form: { status: 'scheduled', message: 'Postponed after all.', intent: 'publish' } });
    expect(r.status).toBe(409);
    expect(r.html).toContain('Maintenance cannot go back from In progress to Scheduled.');
    expect(textarea(r.html)).toBe('Postponed after all.');
    expect(rowCounts(fixture.data().path)).toEqual(before);
  });

  it('completing from the template offers each component its status from before, and hands them back', async () => {
    const form = await send(url(), `/admin/maintenance/${maintenanceId}?template=completed`, { cookie: tokens.editor });
    expect(selected(form.html, 'status')).toBe('completed');
    expect(selected(form.html, `component:${fixture.data().database}`)).toBe('operational');
    expect(selected(form.html, `component:${fixture.data().api}`)).toBe('degraded_performance');
    const r = await send(url(), `/admin/maintenance/${maintenanceId}`, {
      cookie: tokens.editor,
      form: {
        status: 'completed',
        message: textarea(form.html)!,
        [`component:${fixture.data().database}`]: 'operational',
        [`component:${fixture.data().api}`]: 'degraded_performance',
        intent: 'publish',
      },
    });
    expect(r.status, r.html).toBe(303);
    const home = await send(url(), '/');
    expect(componentStatus(home.html, 'database')).toBe('operational');
    expect(componentStatus(home.html, 'api')).toBe('degraded_performance');
    const audit = withDb(fixture.data().path, (db) => db.select().from(auditLog).where(eq(auditLog.objectId, maintenanceId)).all());
    expect(audit.map((a) => [a.action, a.actorLabel])).toEqual([
      ['maintenance.scheduled', 'eddie@example.com'],
      ['maintenance.updated', 'eddie@example.com'],
      ['maintenance.updated', 'eddie@example.com'],
    ]);
  });

  it('answers an unknown maintenance with 404', async () => {
    const r = await send(url(), '/admin/maintenance/nosuchevent0', { cookie: tokens.editor });
    expect(r.status).toBe(404);
    expect(r.html).toContain('There is no maintenance “nosuchevent0”.');
  });

  describe('as a viewer', () => {
    it('reads the maintenance page without the update form', async () => {
      const r = await send(url(), `/admin/maintenance/${maintenanceId}`, { cookie: tokens.viewer });
      expect(r.status).toBe(200);
      expect(r.html).toContain('data-status="completed"');
      expect(r.html).not.toContain('name="message"');
    });

    it('may not schedule or update: 403, nothing written', async () => {
      const before = rowCounts(fixture.data().path);
      expect((await send(url(), '/admin/maintenance/new', { cookie: tokens.viewer })).status).toBe(403);
      expect((await send(url(), '/admin/maintenance/new', { cookie: tokens.viewer, form: newForm() })).status).toBe(403);
      expect((await send(url(), `/admin/maintenance/${maintenanceId}`, { cookie: tokens.viewer, form: { status: 'completed', message: 'x' } })).status).toBe(403);
      expect(rowCounts(fixture.data().path)).toEqual(before);
    });
  });

  it('refuses a cross-site POST with an editor cookie', async () => {
    const before = rowCounts(fixture.data().path);
    const r = await send(url(), '/admin/maintenance/new', { cookie: tokens.editor, headers: { origin: 'http://evil.example' }, form: newForm() });
    expect(r.status).toBe(403);
    expect(rowCounts(fixture.data().path)).toEqual(before);
  });
});
