import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { recordAudit, SYSTEM } from '../../src/server/audit.js';
import { signIn } from '../helpers/admin-pages.js';
import { DAY, MINUTE, page } from '../helpers/fixtures.js';
import { send } from '../helpers/http.js';
import { preparePeople, type Person } from '../helpers/people.js';
import { serveFixture } from '../helpers/server.js';

const insertPeople = preparePeople();

/** Sixty incident entries by the system and the people's own entries (created, signed in). */
function writeSite(path: string, now: number): { path: string } {
  const h = openDatabase(path);
  try {
    page(h.db, 'Audit Test', 'UTC', now - DAY);
    insertPeople(h.db, now - DAY, ['owner', 'viewer']);
    for (let i = 0; i < 60; i++) {
      recordAudit(h.db, SYSTEM, { action: 'incident.updated', objectType: 'incident', objectId: `inc${i}`, diff: { status: 'identified', n: i } }, now - (60 - i) * MINUTE);
    }
    return { path };
  } finally {
    h.close();
  }
}

/** The actions listed, in page order. */
const actions = (html: string): string[] => [...html.matchAll(/<tr data-audit="\d+" data-action="([^"]+)"/g)].map((m) => m[1]!);

describe('the audit log over HTTP', () => {
  const fixture = serveFixture(writeSite);
  const url = (): string => fixture.server().url;
  const tokens = {} as Record<Person, string>;

  beforeAll(async () => {
    tokens.owner = await signIn(url(), 'owner');
    tokens.viewer = await signIn(url(), 'viewer');
  });

  it('is linked from the admin navigation', async () => {
    expect((await send(url(), '/admin', { cookie: tokens.viewer })).html).toMatch(/<nav class="site-nav"[\s\S]*href="\/admin\/audit"/);
  });

  it('lists entries newest first with readable diffs, 50 a page, for a viewer too', async () => {
    const r = await send(url(), '/admin/audit', { cookie: tokens.viewer });
    expect(r.status).toBe(200);
    const listed = actions(r.html);
    expect(listed).toHaveLength(50);
    expect(listed.slice(0, 2)).toEqual(['user.signed_in', 'user.signed_in']);
    expect(r.html).toContain('<dt>status</dt><dd>identified</dd>');
    expect(r.html).toMatch(/<a href="\/admin\/audit\?page=2" rel="next">/);
  });

  it('filters by object type and by actor, and pages within the filter', async () => {
    const incidents = await send(url(), '/admin/audit?type=incident', { cookie: tokens.viewer });
    expect(new Set(actions(incidents.html))).toEqual(new Set(['incident.updated']));
    expect(incidents.html).toMatch(/<option value="incident" selected>/);
    expect(incidents.html).toMatch(/href="\/admin\/audit\?type=incident(&amp;|&#38;)page=2"/);
    expect(incidents.html).toContain('incident · inc59');
    const second = await send(url(), '/admin/audit?type=incident&page=2', { cookie: tokens.viewer });
    expect(actions(second.html)).toHaveLength(10);
    const vera = await send(url(), `/admin/audit?actor=${encodeURIComponent('vera@example.com')}`, { cookie: tokens.viewer });
    expect(actions(vera.html)).toEqual(['user.signed_in']);
  });

  it('answers a malformed page number with 400 and the reason', async () => {
    const r = await send(url(), '/admin/audit?page=-1', { cookie: tokens.viewer });
    expect(r.status).toBe(400);
    expect(r.html).toContain('&quot;page&quot; must be a whole number');
  });

  it('accepts no POST (405), and sends someone signed out to sign in', async () => {
    expect((await send(url(), '/admin/audit', { cookie: tokens.owner, form: { x: '1' } })).status).toBe(405);
    const out = await send(url(), '/admin/audit?type=user');
    expect(out.status).toBe(303);
    expect(out.location).toBe('/admin/login?next=%2Fadmin%2Faudit%3Ftype%3Duser');
  });
});
