import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/client.js';
import { auditLog, deliveries, events, subscribers } from '../../db/schema.js';
import { signIn, textareaValue, withDb } from '../helpers/admin-pages.js';
import { component, DAY, HOUR, incident, MINUTE, page } from '../helpers/fixtures.js';
import { send } from '../helpers/http.js';
import { preparePeople, type Person } from '../helpers/people.js';
import { serveFixture } from '../helpers/server.js';

const insertPeople = preparePeople();

interface Site {
  readonly path: string;
  readonly resolved: string;
  readonly open: string;
}

function writeSite(path: string, now: number): Site {
  const h = openDatabase(path);
  try {
    page(h.db, 'Postmortem Test', 'UTC', now - 30 * DAY);
    const api = component(h.db, 'api', 'API', now - 30 * DAY);
    const start = now - 5 * HOUR;
    const resolved = incident(h.db, {
      title: 'Checkout failures',
      severity: 'SEV1',
      startedAt: start,
      steps: [
        { at: start, status: 'investigating', body: 'Payments fail.', set: { [api]: 'major_outage' } },
        { at: start + 40 * MINUTE, status: 'resolved', body: 'Payments work again.', set: { [api]: 'operational' } },
      ],
    }).id;
    const open = incident(h.db, { title: 'Slow search', startedAt: now - HOUR, steps: [{ at: now - HOUR, status: 'investigating', body: 'Slow.' }] }).id;
    h.db.insert(subscribers).values({ id: 'sub000000001', email: 'reader@example.com', state: 'active', allComponents: true, createdAt: now - DAY, updatedAt: now - DAY }).run();
    insertPeople(h.db, now, ['editor', 'viewer']);
    return { path, resolved, open };
  } finally {
    h.close();
  }
}

const state = (db: Db, id: string) => ({
  event: db.select({ body: events.postmortemBody, publishedAt: events.postmortemPublishedAt }).from(events).where(eq(events.id, id)).get(),
  audit: db.select({ n: count() }).from(auditLog).get()!.n,
  mail: db.select({ n: count() }).from(deliveries).get()!.n,
});

/** The admin page from its postmortem editor on (the update form above has a notify box too). */
const editorPart = (html: string): string => {
  const at = html.indexOf('<section aria-labelledby="postmortem">');
  if (at < 0) throw new Error('no postmortem editor on the page');
  return html.slice(at);
};

/** The Postmortem section of the public incident page, or null. */
const publicPostmortem = (html: string): string | null => /<section aria-labelledby="postmortem">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? null;

describe('writing a postmortem over HTTP', () => {
  const fixture = serveFixture(writeSite);
  const url = (): string => fixture.server().url;
  const tokens = {} as Record<Person, string>;
  const resolvedPath = (): string => `/admin/incidents/${fixture.data().resolved}`;
  const postPath = (): string => `${resolvedPath()}/postmortem`;
  const now = () => withDb(fixture.data().path, (db) => state(db, fixture.data().resolved));

  beforeAll(async () => {
    tokens.editor = await signIn(url(), 'editor');
    tokens.viewer = await signIn(url(), 'viewer');
  });

  it('offers the editor on a resolved incident, starting from the sections with the facts filled in, notify ticked', async () => {
    const r = await send(url(), resolvedPath(), { cookie: tokens.editor });
    expect(r.html).toMatch(new RegExp(`<form[^>]*method="post"[^>]*action="${postPath()}"`));
    const body = textareaValue(r.html, 'body')!;
    for (const section of ['## Summary', '## Impact', '## Timeline', '## Root cause', '## Resolution', '## Action items']) expect(body).toContain(section);
    expect(body).toContain('API was affected for 40 min.');
    expect(body).toMatch(/Investigating: Payments fail\. \(API: major outage\)/);
    expect(/<input[^>]*name="notify"[^>]*>/.exec(editorPart(r.html))?.[0]).toMatch(/\bchecked\b/);
    expect(r.html).toContain('data-postmortem-state="none"');
  });

  it('offers none on an open incident (404 on its postmortem page), nor to a viewer (403)', async () => {
    expect((await send(url(), `/admin/incidents/${fixture.data().open}`, { cookie: tokens.editor })).html).not.toContain('name="body"');
    expect((await send(url(), `/admin/incidents/${fixture.data().open}/postmortem`, { cookie: tokens.editor })).status).toBe(404);
    expect((await send(url(), resolvedPath(), { cookie: tokens.viewer })).html).not.toContain('name="body"');
    expect((await send(url(), postPath(), { cookie: tokens.viewer })).status).toBe(403);
    const before = now();
    expect((await send(url(), postPath(), { cookie: tokens.viewer, form: { body: 'Viewer text.', intent: 'publish' } })).status).toBe(403);
    expect(now()).toEqual(before);
  });

  it('saves a draft that is not public', async () => {
    const r = await send(url(), postPath(), { cookie: tokens.editor, form: { body: '## Summary\nA bad deploy. [[more]]', intent: 'draft', notify: 'on' } });
    expect(r.status, r.html).toBe(303);
    expect(r.location).toBe(`${resolvedPath()}?postmortem=draft`);
    const admin = await send(url(), r.location!, { cookie: tokens.editor });
    expect(admin.html).toContain('Postmortem draft saved. It is not public yet.');
    expect(textareaValue(admin.html, 'body')).toBe('## Summary\nA bad deploy. [[more]]');
    expect(publicPostmortem((await send(url(), `/incidents/${fixture.data().resolved}`)).html)).toBeNull();
    expect(now().event).toEqual({ body: '## Summary\nA bad deploy. [[more]]', publishedAt: null });
  });

  it('refuses to publish with a prompt left: 400, the reason next to the text, text kept, nothing written', async () => {
    const before = now();
    const r = await send(url(), postPath(), { cookie: tokens.editor, form: { body: '## Root cause\n[[What caused it?]]', intent: 'publish', notify: 'on' } });
    expect(r.status).toBe(400);
    expect(r.html).toContain('The postmortem still contains the prompt [[What caused it?]]');
    expect(textareaValue(r.html, 'body')).toBe('## Root cause\n[[What caused it?]]');
    expect(now()).toEqual(before);
  });

  it('publishes: on the public incident page, the incident in Postmortem, subscribers told', async () => {
    const before = now();
    const r = await send(url(), postPath(), { cookie: tokens.editor, form: { body: '## Root cause\nAn expired certificate.', intent: 'publish', notify: 'on' } });
    expect(r.status, r.html).toBe(303);
    expect(r.location).toBe(`${resolvedPath()}?postmortem=published`);
    const pub = await send(url(), `/incidents/${fixture.data().resolved}`);
    expect(publicPostmortem(pub.html)).toContain('An expired certificate.');
    expect(pub.html).toMatch(/<span class="pill">Postmortem<\/span>/);
    expect(now().mail).toBe(before.mail + 1);
  });

  it('republishes an edit (no draft once published), without mail when unticked', async () => {
    const admin = await send(url(), resolvedPath(), { cookie: tokens.editor });
    expect(admin.html).toContain('Publish changes');
    expect(admin.html).not.toContain('value="draft"');
    expect(/<input[^>]*name="notify"[^>]*>/.exec(editorPart(admin.html))?.[0]).not.toMatch(/\bchecked\b/);
    const before = now();
    const r = await send(url(), postPath(), { cookie: tokens.editor, form: { body: '## Root cause\nAn expired certificate on the payment gateway.', intent: 'publish' } });
    expect(r.status).toBe(303);
    expect(publicPostmortem((await send(url(), `/incidents/${fixture.data().resolved}`)).html)).toContain('on the payment gateway');
    expect(now().mail).toBe(before.mail);
    expect(now().audit).toBe(before.audit + 1);
  });
});
