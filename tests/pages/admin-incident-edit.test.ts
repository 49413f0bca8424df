import { asc, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/client.js';
import { auditLog, componentStatusChanges, events, eventUpdates } from '../../db/schema.js';
import { toDateTimeLocal } from '../../src/core/time.js';
import { inputValue, signIn, textareaValue, withDb } from '../helpers/admin-pages.js';
import { component, DAY, HOUR, incident, MINUTE, page } from '../helpers/fixtures.js';
import { send } from '../helpers/http.js';
import { preparePeople, type Person } from '../helpers/people.js';
import { serveFixture } from '../helpers/server.js';

const insertPeople = preparePeople();

interface Site {
  readonly path: string;
  readonly incidentId: string;
  readonly reference: string;
  /** Oldest first. */
  readonly updateIds: readonly string[];
  readonly start: number;
}

/** One resolved incident on API: investigating (API down), identified, resolved (API back); all three roles. */
function writeSite(path: string, now: number): Site {
  const h = openDatabase(path);
  try {
    page(h.db, 'Edit Test', 'UTC', now - DAY);
    const api = component(h.db, 'api', 'API', now - DAY);
    const start = now - 3 * HOUR - (now % MINUTE);
    const { id, reference } = incident(h.db, {
      title: 'API errors',
      startedAt: start,
      steps: [
        { at: start, status: 'investigating', body: 'Requests fail.', set: { [api]: 'major_outage' } },
        { at: start + 30 * MINUTE, status: 'identified', body: 'A bad index.' },
        { at: start + HOUR, status: 'resolved', body: 'Fixed.', set: { [api]: 'operational' } },
      ],
    });
    insertPeople(h.db, now, ['owner', 'editor', 'viewer']);
    const updateIds = h.db.select({ id: eventUpdates.id }).from(eventUpdates).orderBy(asc(eventUpdates.displayAt)).all().map((u) => u.id);
    return { path, incidentId: id, reference, updateIds, start };
  } finally {
    h.close();
  }
}

/** Every row an edit or a deletion touches. */
const everything = (db: Db) => ({
  events: db.select().from(events).all(),
  updates: db.select().from(eventUpdates).all(),
  history: db.select().from(componentStatusChanges).all(),
  audit: db.select().from(auditLog).all(),
});

describe('editing an update and deleting an incident over HTTP', () => {
  const fixture = serveFixture(writeSite);
  const url = (): string => fixture.server().url;
  const site = (): Site => fixture.data();
  const snapshot = () => withDb(site().path, everything);
  const incidentPath = (): string => `/admin/incidents/${site().incidentId}`;
  const editPath = (i: number): string => `${incidentPath()}/updates/${site().updateIds[i]}`;
  const tokens = {} as Record<Person, string>;

  beforeAll(async () => {
    for (const who of ['owner', 'editor', 'viewer'] as const) tokens[who] = await signIn(url(), who);
  });

  describe('editing an update', () => {
    it('links each update of the timeline to its edit page for an editor, not for a viewer', async () => {
      const editor = await send(url(), incidentPath(), { cookie: tokens.editor });
      for (let i = 0; i < 3; i++) expect(editor.html).toContain(`href="${editPath(i)}"`);
      const viewer = await send(url(), incidentPath(), { cookie: tokens.viewer });
      expect(viewer.html).not.toContain('/updates/');
    });

    it('shows the form prefilled with the stored text and time (page zone)', async () => {
      const r = await send(url(), editPath(1), { cookie: tokens.editor });
      expect(r.status).toBe(200);
      expect(textareaValue(r.html, 'message')).toBe('A bad index.');
      expect(inputValue(r.html, 'displayAt')).toBe(toDateTimeLocal(site().start + 30 * MINUTE, 'UTC'));
      expect(r.html).toMatch(/<input[^>]*type="datetime-local"[^>]*name="displayAt"/);
      expect(r.html).toContain('not sent to subscribers again');
    });

    it('is refused to a viewer, GET and POST, writing nothing', async () => {
      const before = snapshot();
      expect((await send(url(), editPath(1), { cookie: tokens.viewer })).status).toBe(403);
      expect((await send(url(), editPath(1), { cookie: tokens.viewer, form: { message: 'viewer was here', displayAt: toDateTimeLocal(site().start, 'UTC') } })).status).toBe(403);
      expect(snapshot()).toEqual(before);
    });

    it('answers bad input with 400, each error next to its field and the input kept; nothing written', async () => {
      const before = snapshot();
      const r = await send(url(), editPath(1), { cookie: tokens.editor, form: { message: '   ', displayAt: 'after lunch', intent: 'save' } });
      expect(r.status).toBe(400);
      expect(r.html).toMatch(/Write a message for customers\.<\/span>/);
      expect(r.html).toMatch(/Enter a date and time such as 2026-11-22T14:05\.<\/span>/);
      expect(inputValue(r.html, 'displayAt')).toBe('after lunch');
      const future = await send(url(), editPath(1), { cookie: tokens.editor, form: { message: 'Kept & typed <b>', displayAt: toDateTimeLocal(Date.now() + DAY, 'UTC'), intent: 'save' } });
      expect(future.status).toBe(400);
      expect(future.html).toContain('That time is in the future');
      expect(textareaValue(future.html, 'message')).toBe('Kept & typed <b>');
      expect(snapshot()).toEqual(before);
    });

    it('answers a time out of the timeline’s order with 409 and the reason; nothing written', async () => {
      const before = snapshot();
      const r = await send(url(), editPath(1), { cookie: tokens.editor, form: { message: 'A bad index.', displayAt: toDateTimeLocal(site().start + 2 * HOUR, 'UTC'), intent: 'save' } });
      expect(r.status).toBe(409);
      expect(r.html).toContain('That is after the next update');
      expect(snapshot()).toEqual(before);
    });

    it('previews without saving', async () => {
      const before = snapshot();
      const r = await send(url(), editPath(1), { cookie: tokens.editor, form: { message: 'The cause: **a bad index**.', displayAt: toDateTimeLocal(site().start + 30 * MINUTE, 'UTC'), intent: 'preview' } });
      expect(r.status).toBe(200);
      expect(r.html).toContain('<strong>a bad index</strong>');
      expect(snapshot()).toEqual(before);
    });

    it('saves the text and moves the first update (and the outage it recorded): 303, confirmed, public page updated', async () => {
      const moved = site().start + 10 * MINUTE;
      const r = await send(url(), editPath(0), { cookie: tokens.editor, form: { message: 'Requests to the API fail.', displayAt: toDateTimeLocal(moved, 'UTC'), intent: 'save' } });
      expect(r.status, r.html).toBe(303);
      expect(r.location).toBe(`${incidentPath()}?edited=1`);
      expect((await send(url(), r.location!, { cookie: tokens.editor })).html).toContain('Update saved. Subscribers were not notified again.');

      const pub = await send(url(), `/incidents/${site().incidentId}`);
      expect(pub.html).toContain('Requests to the API fail.');
      expect(pub.html).toContain(`datetime="${new Date(moved).toISOString().slice(0, 16)}`);
      const rows = withDb(site().path, (db) => db.select({ at: componentStatusChanges.at }).from(componentStatusChanges).where(eq(componentStatusChanges.updateId, site().updateIds[0]!)).all());
      expect(rows).toEqual([{ at: moved }]);
      const audit = withDb(site().path, (db) => db.select().from(auditLog).where(eq(auditLog.action, 'incident.update_edited')).all());
      expect(audit.map((a) => a.actorLabel)).toEqual(['eddie@example.com']);
      expect(JSON.parse(audit[0]!.diff!)).toMatchObject({ textChanged: true, length: { from: 14, to: 25 }, historyRowsMoved: 1 });
    });

    it('answers an unknown update with 404', async () => {
      const r = await send(url(), `${incidentPath()}/updates/nosuchupdate`, { cookie: tokens.editor });
      expect(r.status).toBe(404);
      expect(r.html).toContain('There is no update “nosuchupdate”');
    });
  });

  describe('deleting an incident', () => {
    const deletePath = (): string => `${incidentPath()}/delete`;

    it('is offered to the owner only', async () => {
      expect((await send(url(), incidentPath(), { cookie: tokens.owner })).html).toContain(`href="${deletePath()}"`);
      expect((await send(url(), incidentPath(), { cookie: tokens.editor })).html).not.toContain(deletePath());
    });

    it('is refused to an editor and a viewer, GET and POST, writing nothing', async () => {
      const before = snapshot();
      for (const who of ['editor', 'viewer'] as const) {
        expect((await send(url(), deletePath(), { cookie: tokens[who] })).status, who).toBe(403);
        expect((await send(url(), deletePath(), { cookie: tokens[who], form: { confirm: site().reference } })).status, who).toBe(403);
      }
      expect(snapshot()).toEqual(before);
    });

    it('asks the owner to type the reference, and refuses anything else with 400, input kept, nothing written', async () => {
      const page = await send(url(), deletePath(), { cookie: tokens.owner });
      expect(page.status).toBe(200);
      expect(page.html).toContain(`Type <code>${site().reference}</code> to confirm`);
      expect(page.html).toMatch(/<form[^>]*method="post"[^>]*action="[^"]*\/delete"/);
      const before = snapshot();
      const r = await send(url(), deletePath(), { cookie: tokens.owner, form: { confirm: 'yes please' } });
      expect(r.status).toBe(400);
      expect(r.html).toContain(`Type ${site().reference} to confirm.`);
      expect(inputValue(r.html, 'confirm')).toBe('yes please');
      expect(snapshot()).toEqual(before);
    });

    it('refuses a cross-site POST even from the owner', async () => {
      const before = snapshot();
      const r = await send(url(), deletePath(), { cookie: tokens.owner, headers: { origin: 'http://evil.example' }, form: { confirm: site().reference } });
      expect(r.status).toBe(403);
      expect(snapshot()).toEqual(before);
    });

    it('deletes on the typed reference: back to the dashboard, gone from the public page, kept in the audit log', async () => {
      const r = await send(url(), deletePath(), { cookie: tokens.owner, form: { confirm: site().reference } });
      expect(r.status, r.html).toBe(303);
      expect(r.location).toBe(`/admin?deleted=${site().reference}`);
      expect((await send(url(), r.location!, { cookie: tokens.owner })).html).toContain(`Deleted ${site().reference}.`);
      expect((await send(url(), `/incidents/${site().incidentId}`)).status).toBe(404);
      expect(withDb(site().path, (db) => db.select({ n: count() }).from(eventUpdates).get()!.n)).toBe(0);
      const audit = await send(url(), '/admin/audit?type=incident', { cookie: tokens.viewer });
      expect(audit.html).toContain('incident.deleted');
      expect(audit.html).toContain(site().reference);
      expect(audit.html).toContain('API errors');
    });
  });
});
