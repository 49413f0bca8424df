import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.js';
import { auditLog, events } from '../../../db/schema.js';
import { SYSTEM } from '../../../src/server/audit.js';
import type { SessionUser } from '../../../src/server/auth/session.js';
import { insertUser } from '../../../src/server/auth/users.js';
import { submitPostmortem } from '../../../src/server/forms/postmortem-submit.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, HOUR, incident, page } from '../../helpers/fixtures.js';
import { formRequest } from '../../helpers/form-request.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);

let t: TempDatabase;
let user: SessionUser;
let resolved: string;
let open: string;

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'UTC', NOW - 30 * DAY);
  const api = component(t.db, 'api', 'API', NOW - 30 * DAY);
  const { id } = insertUser(t.db, { email: 'eddie@example.com', name: 'Eddie Editor', role: 'editor', password: 'unused' }, 'not-a-real-hash', SYSTEM, NOW - DAY);
  user = { id, email: 'eddie@example.com', name: 'Eddie Editor', role: 'editor' };
  resolved = incident(t.db, {
    title: 'API down',
    startedAt: NOW - 3 * HOUR,
    steps: [
      { at: NOW - 3 * HOUR, status: 'investigating', body: 'Down.', set: { [api]: 'major_outage' } },
      { at: NOW - 2 * HOUR, status: 'resolved', body: 'Up.', set: { [api]: 'operational' } },
    ],
  }).id;
  open = incident(t.db, { title: 'Slow', startedAt: NOW - HOUR, steps: [{ at: NOW - HOUR, status: 'investigating', body: 'Slow.' }] }).id;
});
afterEach(() => t.dispose());

const snapshot = (db: Db) => ({ events: db.select().from(events).all(), audit: db.select().from(auditLog).all() });
const submit = (id: string, form: Record<string, string>) => submitPostmortem(t.db, id, formRequest(`/admin/incidents/${id}/postmortem`, form), user, NOW);
const stored = (id: string) => t.db.select({ body: events.postmortemBody, at: events.postmortemPublishedAt }).from(events).where(eq(events.id, id)).get();

describe('submitPostmortem', () => {
  it('saves a draft', async () => {
    expect(await submit(resolved, { body: 'Draft [[root cause]]', intent: 'draft' })).toEqual({ kind: 'done', id: resolved, published: false });
    expect(stored(resolved)).toEqual({ body: 'Draft [[root cause]]', at: null });
  });

  it('publishes', async () => {
    expect(await submit(resolved, { body: 'Final.', intent: 'publish', notify: 'on' })).toEqual({ kind: 'done', id: resolved, published: true });
    expect(stored(resolved)).toEqual({ body: 'Final.', at: NOW });
  });

  it('previews as sanitised HTML without writing', async () => {
    const before = snapshot(t.db);
    const out = await submit(resolved, { body: '## Root cause\n<img src=x onerror=alert(1)>', intent: 'preview' });
    expect(out).toMatchObject({ kind: 'form', status: 200, errors: {} });
    if (out.kind !== 'form') return;
    expect(out.previewHtml).toContain('Root cause');
    expect(out.previewHtml).not.toContain('onerror');
    expect(snapshot(t.db)).toEqual(before);
  });

  it('answers a prompt left in a publication with 400 next to the text, input kept, nothing written', async () => {
    const before = snapshot(t.db);
    const typed = { body: 'Cause: [[what?]]', intent: 'publish', notify: 'on' };
    const out = await submit(resolved, typed);
    expect(out).toEqual({
      kind: 'form',
      status: 400,
      values: typed,
      errors: { body: 'The postmortem still contains the prompt [[what?]]: replace each [[…]] with your own words, or remove it, before publishing.' },
      previewHtml: null,
    });
    expect(snapshot(t.db)).toEqual(before);
  });

  it('answers a draft of a published postmortem with 409, nothing written', async () => {
    await submit(resolved, { body: 'Final.', intent: 'publish' });
    const before = snapshot(t.db);
    expect(await submit(resolved, { body: 'Changed.', intent: 'draft' })).toMatchObject({
      kind: 'form',
      status: 409,
      errors: { form: 'This postmortem is published; saving a draft would take it off the public page. Publish your changes instead.' },
    });
    expect(snapshot(t.db)).toEqual(before);
  });

  it('answers an open incident with 409, nothing written', async () => {
    const before = snapshot(t.db);
    expect(await submit(open, { body: 'Too early.', intent: 'draft' })).toMatchObject({ kind: 'form', status: 409, errors: { form: 'A postmortem can only be written for a resolved incident.' } });
    expect(snapshot(t.db)).toEqual(before);
  });
});
