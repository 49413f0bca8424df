import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { auditLog, pageSettings } from '../../db/schema.js';
import { inputValue, signIn, textareaValue, withDb } from '../helpers/admin-pages.js';
import { component, DAY, incident, MINUTE, page } from '../helpers/fixtures.js';
import { send } from '../helpers/http.js';
import { preparePeople, type Person } from '../helpers/people.js';
import { serveFixture } from '../helpers/server.js';

const insertPeople = preparePeople();

interface Site {
  readonly path: string;
  readonly incidentId: string;
}

/** A page with one SEV3 incident updated 40 minutes ago (due in 80 min by default), and one person per role. */
function writeSite(path: string, now: number): Site {
  const h = openDatabase(path);
  try {
    page(h.db, 'Settings Test', 'UTC', now - DAY);
    const api = component(h.db, 'api', 'API', now - DAY);
    const open = incident(h.db, {
      title: 'Slow search',
      severity: 'SEV3',
      startedAt: now - 40 * MINUTE,
      steps: [{ at: now - 40 * MINUTE, status: 'investigating', body: 'Looking.', set: { [api]: 'degraded_performance' } }],
    });
    insertPeople(h.db, now, ['owner', 'editor', 'viewer']);
    return { path, incidentId: open.id };
  } finally {
    h.close();
  }
}

const stored = (path: string): unknown =>
  withDb(path, (db) => [db.select().from(pageSettings).all(), db.select({ n: count() }).from(auditLog).get()!.n]);

describe('settings in the admin area', () => {
  const fixture = serveFixture(writeSite);
  const url = (): string => fixture.server().url;
  const tokens = {} as Record<Person, string>;

  beforeAll(async () => {
    for (const who of ['owner', 'editor', 'viewer'] as const) tokens[who] = await signIn(url(), who);
  });

  const form = (over: Record<string, string> = {}): Record<string, string> => ({
    name: 'Settings Test',
    url: '',
    time_zone: 'UTC',
    description: '',
    support_url: '',
    brand_color: '',
    logo_url: '',
    'cadence:SEV1': '30',
    'cadence:SEV2': '30',
    'cadence:SEV3': '120',
    'cadence:SEV4': '',
    ...over,
  });

  it.each(['editor', 'viewer'] as const)('refuses the %s GET and POST: 403, nothing written', async (who) => {
    const before = stored(fixture.data().path);
    expect((await send(url(), '/admin/settings', { cookie: tokens[who] })).status).toBe(403);
    expect((await send(url(), '/admin/settings', { cookie: tokens[who], form: form({ name: 'Hijacked' }) })).status).toBe(403);
    expect(stored(fixture.data().path)).toEqual(before);
  });

  it('shows the owner the stored settings', async () => {
    const r = await send(url(), '/admin/settings', { cookie: tokens.owner });
    expect(r.status).toBe(200);
    expect(inputValue(r.html, 'name')).toBe('Settings Test');
    expect(inputValue(r.html, 'time_zone')).toBe('UTC');
    expect(inputValue(r.html, 'cadence:SEV3')).toBe('120');
    expect(inputValue(r.html, 'cadence:SEV4')).toBe('');
    expect(r.html).toContain('<option value="Europe/Berlin">');
  });

  it('answers bad input with 400, each error by its field, the input kept; nothing written', async () => {
    const before = stored(fixture.data().path);
    const typed = form({ name: 'Renamed', time_zone: 'Mars/Olympus', brand_color: 'red;x', logo_url: 'javascript:alert(1)', description: 'Kept & "quoted"', 'cadence:SEV1': 'soon' });
    const r = await send(url(), '/admin/settings', { cookie: tokens.owner, form: typed });
    expect(r.status).toBe(400);
    expect(r.html).toContain('That is not a time zone we know; use a name such as Europe/Berlin or America/New_York.');
    expect(r.html).toContain('Give the colour as # and six hex digits');
    expect(r.html).toContain('Give the logo’s full address');
    expect(r.html).toContain('Give whole minutes from 1 to');
    expect(inputValue(r.html, 'name')).toBe('Renamed');
    expect(inputValue(r.html, 'time_zone')).toBe('Mars/Olympus');
    expect(inputValue(r.html, 'cadence:SEV1')).toBe('soon');
    expect(textareaValue(r.html, 'description')).toBe('Kept & "quoted"');
    expect(stored(fixture.data().path)).toEqual(before);
    // The page still says what is stored.
    expect((await send(url(), '/')).html).toContain('Settings Test');
  });

  it('saves: the public page shows the new name, zone, colour, logo and support link; audited with the changes', async () => {
    const r = await send(url(), '/admin/settings', {
      cookie: tokens.owner,
      form: form({ name: 'Acme Cloud', time_zone: 'Europe/Berlin', brand_color: '#12AB34', logo_url: '/logo.svg', support_url: 'mailto:help@acme.example' }),
    });
    expect(r.status, r.html).toBe(303);
    expect(r.location).toBe('/admin/settings?saved=1');
    expect((await send(url(), r.location!, { cookie: tokens.owner })).html).toContain('Saved.');
    const home = await send(url(), '/');
    expect(home.html).toContain('<title>Acme Cloud</title>');
    // #12ab34 is too light for white text; the page darkens it in its own hue until it reads at 4.5:1.
    expect(home.html).toContain('style="--brand-custom: #0e8027"');
    expect(home.html).toContain('<img src="/logo.svg" alt="">');
    expect(home.html).toContain('href="mailto:help@acme.example"');
    expect(home.html).toContain('Times are shown in Europe/Berlin.');
    const audit = withDb(fixture.data().path, (db) => db.select().from(auditLog).where(eq(auditLog.action, 'settings.updated')).all());
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorLabel).toBe('olga@example.com');
    expect(Object.keys(JSON.parse(audit[0]!.diff!)).sort()).toEqual(['brandColor', 'logoUrl', 'name', 'supportUrl', 'timeZone']);
  });

  it('sending the same settings again changes nothing and says so', async () => {
    const before = stored(fixture.data().path);
    const same = form({ name: 'Acme Cloud', time_zone: 'Europe/Berlin', brand_color: '#12ab34', logo_url: '/logo.svg', support_url: 'mailto:help@acme.example' });
    const r = await send(url(), '/admin/settings', { cookie: tokens.owner, form: same });
    expect(r.location).toBe('/admin/settings?saved=0');
    expect(stored(fixture.data().path)).toEqual(before);
  });

  it('the configured cadence decides what the dashboard calls due or overdue, and the severity help', async () => {
    const dueCell = async (): Promise<string> => {
      const html = (await send(url(), '/admin', { cookie: tokens.editor })).html;
      const row = new RegExp(`<tr data-event="${fixture.data().incidentId}"[^>]*>([\\s\\S]*?)</tr>`).exec(html)![0];
      return row.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    };
    // Default SEV3 cadence: 2 h after an update 40 min old (a little less as the test runs).
    expect(await dueCell()).toMatch(/due in 1 h (1\d|20) min/);
    const r = await send(url(), '/admin/settings', {
      cookie: tokens.owner,
      form: form({ name: 'Acme Cloud', time_zone: 'Europe/Berlin', brand_color: '#12ab34', logo_url: '/logo.svg', support_url: 'mailto:help@acme.example', 'cadence:SEV3': '15' }),
    });
    expect(r.status).toBe(303);
    expect(await dueCell()).toMatch(/⚠ overdue by 2\d min/);
    const help = (await send(url(), '/admin/incidents/new', { cookie: tokens.editor })).html;
    expect(help).toMatch(/<dt>SEV3 · Minor<\/dt><dd>[^<]*Update every 15 min\.<\/dd>/);
  });
});
