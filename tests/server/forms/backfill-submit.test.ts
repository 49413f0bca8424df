import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.js';
import { auditLog, componentStatusChanges, events, eventUpdates } from '../../../db/schema.js';
import { SYSTEM } from '../../../src/server/audit.js';
import type { SessionUser } from '../../../src/server/auth/session.js';
import { insertUser } from '../../../src/server/auth/users.js';
import { submitBackfill } from '../../../src/server/forms/backfill-submit.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, group, page } from '../../helpers/fixtures.js';
import { formRequest } from '../../helpers/form-request.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);

let t: TempDatabase;
let user: SessionUser;
let search: string;

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'America/New_York', NOW - 30 * DAY);
  search = component(t.db, 'search', 'Search', NOW - 30 * DAY);
  const { id } = insertUser(t.db, { email: 'eddie@example.com', name: 'Eddie Editor', role: 'editor', password: 'unused' }, 'not-a-real-hash', SYSTEM, NOW - DAY);
  user = { id, email: 'eddie@example.com', name: 'Eddie Editor', role: 'editor' };
});
afterEach(() => t.dispose());

const snapshot = (db: Db) => ({ events: db.select().from(events).all(), updates: db.select().from(eventUpdates).all(), history: db.select().from(componentStatusChanges).all(), audit: db.select().from(auditLog).all() });

const form = (over: Record<string, string> = {}): Record<string, string> => ({
  title: 'Search outage',
  severity: 'SEV2',
  startedAt: '2026-11-20T09:00',
  [`component:${search}`]: 'major_outage',
  'update1.status': 'investigating',
  'update1.at': '2026-11-20T09:05',
  'update1.message': 'Problems with {{components}} since {{started_at}}.',
  'update4.status': 'resolved',
  'update4.at': '2026-11-20T11:05',
  'update4.message': 'Resolved after {{duration}}.',
  ...over,
});

describe('submitBackfill', () => {
  it('records the incident in the page zone, with placeholders filled as of each update', async () => {
    const out = await submitBackfill(t.db, formRequest('/admin/incidents/backfill', form()), user, NOW);
    if (out.kind !== 'done') throw new Error(JSON.stringify(out));
    expect(t.db.select().from(events).where(eq(events.id, out.id)).get()).toMatchObject({ startedAt: Date.UTC(2026, 10, 20, 14, 0), reference: 'INC-20261120-001' });
    const bodies = t.db.select({ body: eventUpdates.body }).from(eventUpdates).where(eq(eventUpdates.eventId, out.id)).orderBy(asc(eventUpdates.displayAt)).all();
    expect(bodies.map((b) => b.body)).toEqual(['Problems with Search since Nov 20, 2026, 09:00 EST.', 'Resolved after 2 h 5 min.']);
  });

  it('answers bad input with 400, the field errors and everything as typed; nothing written', async () => {
    const before = snapshot(t.db);
    const typed = form({ title: '', 'update4.at': '2026-11-20T09:00' });
    const out = await submitBackfill(t.db, formRequest('/admin/incidents/backfill', typed), user, NOW);
    expect(out).toEqual({ kind: 'form', status: 400, values: typed, errors: { title: 'Give the incident a title customers will understand.' }, previewHtml: null });
    const order = await submitBackfill(t.db, formRequest('/admin/incidents/backfill', form({ 'update4.at': '2026-11-20T09:00' })), user, NOW);
    expect(order).toMatchObject({ kind: 'form', status: 400, errors: { 'update4.at': 'Updates must be in order: this one is before the previous update (Nov 20, 2026, 09:05 EST).' } });
    expect(snapshot(t.db)).toEqual(before);
  });

  it('refuses a placeholder left without a value next to its row', async () => {
    const out = await submitBackfill(t.db, formRequest('/admin/incidents/backfill', form({ severity: 'SEV4', 'update1.message': 'Next update by {{next_update}}.' })), user, NOW);
    expect(out).toMatchObject({ kind: 'form', status: 400, errors: { 'update1.message': 'The message still contains {{next_update}}: replace it with your own words.' } });
  });

  it('refuses a group’s id (the form offers leaves only) with 400, nothing written', async () => {
    const g = group(t.db, 'backend', 'Backend', NOW - DAY);
    const before = snapshot(t.db);
    const out = await submitBackfill(t.db, formRequest('/admin/incidents/backfill', form({ [`component:${g}`]: 'major_outage' })), user, NOW);
    expect(out).toMatchObject({ kind: 'form', status: 400, errors: { [`component:${g}`]: 'That component no longer exists; reload the page.' } });
    expect(snapshot(t.db)).toEqual(before);
  });

  it('answers an unreadable body with 400', async () => {
    const out = await submitBackfill(t.db, new Request('http://127.0.0.1/admin/incidents/backfill', { method: 'POST', body: 'x', headers: { 'content-type': 'application/json' } }), user, NOW);
    expect(out).toMatchObject({ kind: 'form', status: 400, errors: { form: 'The form could not be read; please send it again.' } });
  });
});
