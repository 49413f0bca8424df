import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.js';
import { auditLog, componentStatusChanges, eventUpdates } from '../../../db/schema.js';
import { SYSTEM } from '../../../src/server/audit.js';
import type { SessionUser } from '../../../src/server/auth/session.js';
import { insertUser } from '../../../src/server/auth/users.js';
import { submitUpdateEdit } from '../../../src/server/forms/update-edit-submit.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, HOUR, incident, MINUTE, page } from '../../helpers/fixtures.js';
import { formRequest } from '../../helpers/form-request.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);
const START = NOW - 2 * HOUR;

let t: TempDatabase;
let user: SessionUser;
let incidentId: string;
let first: string;
let second: string;

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'UTC', NOW - 30 * DAY);
  const api = component(t.db, 'api', 'API', NOW - 30 * DAY);
  const { id } = insertUser(t.db, { email: 'eddie@example.com', name: 'Eddie Editor', role: 'editor', password: 'unused' }, 'not-a-real-hash', SYSTEM, NOW - DAY);
  user = { id, email: 'eddie@example.com', name: 'Eddie Editor', role: 'editor' };
  incidentId = incident(t.db, {
    title: 'API errors',
    severity: 'SEV1',
    startedAt: START,
    componentIds: [api],
    steps: [
      { at: START, status: 'investigating', body: 'Looking.', set: { [api]: 'major_outage' } },
      { at: START + HOUR, status: 'identified', body: 'Found it.' },
    ],
  }).id;
  [first, second] = t.db.select({ id: eventUpdates.id }).from(eventUpdates).orderBy(asc(eventUpdates.displayAt)).all().map((u) => u.id) as [string, string];
});
afterEach(() => t.dispose());

const snapshot = (db: Db) => ({ updates: db.select().from(eventUpdates).all(), history: db.select().from(componentStatusChanges).all(), audit: db.select().from(auditLog).all() });
const submit = (updateId: string, form: Record<string, string>) =>
  submitUpdateEdit(t.db, incidentId, updateId, formRequest(`/admin/incidents/${incidentId}/updates/${updateId}`, form), user, NOW);

describe('submitUpdateEdit', () => {
  it('saves the text and the time; done, changed', async () => {
    const out = await submit(second, { message: 'We found the cause: a bad index.', displayAt: '2026-11-22T14:10', intent: 'save' });
    expect(out).toEqual({ kind: 'done', id: incidentId, changed: true });
    expect(t.db.select().from(eventUpdates).where(eq(eventUpdates.id, second)).get()).toMatchObject({ body: 'We found the cause: a bad index.', displayAt: Date.UTC(2026, 10, 22, 14, 10) });
  });

  it('reports "not changed" for the stored values, writing nothing', async () => {
    const before = snapshot(t.db);
    expect(await submit(first, { message: 'Looking.', displayAt: '2026-11-22T13:00', intent: 'save' })).toEqual({ kind: 'done', id: incidentId, changed: false });
    expect(snapshot(t.db)).toEqual(before);
  });

  it('fills placeholders as of the update’s time', async () => {
    await submit(second, { message: 'Found after {{duration}}; next update by {{next_update}}.', displayAt: '2026-11-22T14:00', intent: 'save' });
    expect(t.db.select().from(eventUpdates).where(eq(eventUpdates.id, second)).get()!.body).toBe('Found after 1 h; next update by Nov 22, 2026, 14:30 UTC.');
  });

  it('previews: 200, sanitised HTML, the typed values kept, nothing written', async () => {
    const before = snapshot(t.db);
    const out = await submit(second, { message: '**Fixed** <script>x()</script> after {{duration}}', displayAt: '2026-11-22T14:00', intent: 'preview' });
    expect(out).toMatchObject({ kind: 'form', status: 200, errors: {}, values: { message: '**Fixed** <script>x()</script> after {{duration}}' } });
    if (out.kind !== 'form') return;
    expect(out.previewHtml).toContain('<strong>Fixed</strong>');
    expect(out.previewHtml).toContain('after 1 h');
    expect(out.previewHtml).not.toContain('<script>');
    expect(snapshot(t.db)).toEqual(before);
  });

  it('answers bad input with 400 and the field errors, input kept, nothing written', async () => {
    const before = snapshot(t.db);
    const out = await submit(second, { message: '', displayAt: 'later', intent: 'save' });
    expect(out).toEqual({
      kind: 'form',
      status: 400,
      values: { message: '', displayAt: 'later', intent: 'save' },
      errors: { message: 'Write a message for customers.', displayAt: 'Enter a date and time such as 2026-11-22T14:05.' },
      previewHtml: null,
    });
    expect(snapshot(t.db)).toEqual(before);
  });

  it('refuses an unknown placeholder next to the message', async () => {
    const out = await submit(second, { message: 'Hello {{customer}}', displayAt: '2026-11-22T14:00', intent: 'save' });
    expect(out).toMatchObject({ kind: 'form', status: 400, errors: { message: 'The message still contains {{customer}}: replace it with your own words.' } });
  });

  it('answers a time that conflicts with the timeline with 409 next to the time field, nothing written', async () => {
    const before = snapshot(t.db);
    const out = await submit(first, { message: 'Looking.', displayAt: '2026-11-22T14:01', intent: 'save' });
    expect(out).toMatchObject({ kind: 'form', status: 409, errors: { displayAt: 'That is after the next update (Nov 22, 2026, 14:00 UTC); the timeline must keep its order.' } });
    expect(snapshot(t.db)).toEqual(before);
  });

  it('answers an update of another incident, or none, with 409', async () => {
    const other = incident(t.db, { title: 'Other', startedAt: START, steps: [{ at: START, status: 'investigating', body: 'x' }] }).id;
    const out = await submitUpdateEdit(t.db, other, second, formRequest('/x', { message: 'x', displayAt: '2026-11-22T14:00' }), user, NOW);
    expect(out).toMatchObject({ kind: 'form', status: 409, errors: { form: 'This update no longer exists.' } });
    expect(await submit('nosuchupdate', { message: 'x', displayAt: '2026-11-22T14:00' })).toMatchObject({ kind: 'form', status: 409 });
  });

  it('moves history rows when the time moves', async () => {
    await submit(first, { message: 'Looking.', displayAt: '2026-11-22T13:00', intent: 'save' });
    await submit(first, { message: 'Looking.', displayAt: '2026-11-22T13:30', intent: 'save' });
    expect(t.db.select({ at: componentStatusChanges.at }).from(componentStatusChanges).where(eq(componentStatusChanges.updateId, first)).all()).toEqual([{ at: START + 30 * MINUTE }]);
  });
});
