import { asc } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.js';
import { components, events, eventUpdates } from '../../../db/schema.js';
import { SYSTEM } from '../../../src/server/audit.js';
import type { SessionUser } from '../../../src/server/auth/session.js';
import { insertUser } from '../../../src/server/auth/users.js';
import { submitBackfill } from '../../../src/server/forms/backfill-submit.js';
import { submitComponentAction, submitNewComponent } from '../../../src/server/forms/component-submit.js';
import { submitNewMaintenance } from '../../../src/server/forms/maintenance-submit.js';
import { submitUpdateEdit } from '../../../src/server/forms/update-edit-submit.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, HOUR, incident, page } from '../../helpers/fixtures.js';
import { formRequest } from '../../helpers/form-request.js';

/**
 * Every date a person enters is bounded: from New Year 20 years before the page was created
 * (2026 here, so Jan 1, 2006) to five years after now (Dec 4, 2031). A mistyped 0026 for 2026
 * or a year 1850 start used to be stored and broke feeds, offsets and paging.
 */
const NOW = Date.UTC(2026, 11, 4, 15, 0);
const RANGE = 'between Jan 1, 2006 and Dec 4, 2031';
const PAST = `That date is too far in the past; choose one ${RANGE}.`;
const FUTURE = `That date is too far in the future; choose one ${RANGE}.`;

let t: TempDatabase;
let owner: SessionUser;
let web: string;

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'America/New_York', NOW - 30 * DAY);
  web = component(t.db, 'web', 'Website', NOW - 30 * DAY);
  const { id } = insertUser(t.db, { email: 'olga@example.com', name: 'Olga Owner', role: 'owner', password: 'unused' }, 'not-a-real-hash', SYSTEM, NOW - DAY);
  owner = { id, email: 'olga@example.com', name: 'Olga Owner', role: 'owner' };
});
afterEach(() => t.dispose());

const stored = (db: Db) => ({ events: db.select().from(events).all(), updates: db.select().from(eventUpdates).all(), components: db.select().from(components).all() });

const backfill = (over: Record<string, string>): Record<string, string> => ({
  title: 'Search outage',
  severity: 'SEV2',
  startedAt: '2026-11-20T09:00',
  'update1.status': 'investigating',
  'update1.at': '2026-11-20T09:05',
  'update1.message': 'Searches fail.',
  'update4.status': 'resolved',
  'update4.at': '2026-11-20T11:05',
  'update4.message': 'Fixed.',
  ...over,
});

describe('the backfill form bounds its dates', () => {
  it.each(['0100-01-01T09:00', '1850-06-01T09:00', '0026-11-20T09:00', '2005-12-31T23:59'])('refuses a start of %s with 400 and the range; nothing stored', async (startedAt) => {
    const before = stored(t.db);
    const day = startedAt.slice(0, 10);
    const typed = backfill({ startedAt, 'update1.at': `${day}T09:05`, 'update4.at': `${day}T11:05` });
    const out = await submitBackfill(t.db, formRequest('/admin/incidents/backfill', typed), owner, NOW);
    expect(out).toMatchObject({ kind: 'form', status: 400, errors: { startedAt: PAST, 'update1.at': PAST, 'update4.at': PAST } });
    expect(stored(t.db)).toEqual(before);
  });

  it('accepts the first day of the range', async () => {
    const out = await submitBackfill(t.db, formRequest('/admin/incidents/backfill', backfill({ startedAt: '2006-01-01T00:00', 'update1.at': '2006-01-01T00:05', 'update4.at': '2006-01-01T01:00' })), owner, NOW);
    expect(out.kind).toBe('done');
  });
});

describe('the maintenance form bounds its window', () => {
  const plan = (over: Record<string, string>) => ({ title: 'Upgrade', message: 'Planned.', starts_at: '2026-12-10T10:00', ends_at: '2026-12-10T12:00', ...over });

  it.each([
    ['9999-12-31T10:00', '9999-12-31T12:00'],
    ['2031-12-05T10:00', '2031-12-05T12:00'],
  ])('refuses a window from %s with 400 and the range', async (starts_at, ends_at) => {
    const out = await submitNewMaintenance(t.db, formRequest('/admin/maintenance/new', plan({ starts_at, ends_at })), owner, NOW);
    expect(out).toMatchObject({ kind: 'form', status: 400, errors: { starts_at: FUTURE, ends_at: FUTURE } });
    expect(t.db.select().from(events).all()).toEqual([]);
  });

  it('refuses a start in 1850 even when the end is in range', async () => {
    const out = await submitNewMaintenance(t.db, formRequest('/admin/maintenance/new', plan({ starts_at: '1850-12-10T10:00' })), owner, NOW);
    expect(out).toMatchObject({ kind: 'form', status: 400, errors: { starts_at: PAST } });
  });
});

describe('the update edit form bounds the new time', () => {
  it('refuses moving an update to 1850; the stored one stays', async () => {
    const start = NOW - 2 * HOUR;
    const id = incident(t.db, { title: 'API errors', severity: 'SEV1', startedAt: start, componentIds: [], steps: [{ at: start, status: 'investigating', body: 'Looking.' }] }).id;
    const [update] = t.db.select().from(eventUpdates).orderBy(asc(eventUpdates.displayAt)).all();
    const out = await submitUpdateEdit(t.db, id, update!.id, formRequest('/x', { message: 'Looking.', displayAt: '1850-12-04T08:00', intent: 'save' }), owner, NOW);
    expect(out).toMatchObject({ kind: 'form', status: 400, errors: { displayAt: PAST } });
    expect(t.db.select().from(eventUpdates).all()).toEqual([update]);
  });
});

describe('the component form bounds its start date', () => {
  const post = (form: Record<string, string>): Request =>
    new Request('http://127.0.0.1/admin/components/x', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });

  it.each([
    ['0026-01-31', PAST],
    ['1850-01-01', PAST],
    ['9999-01-01', FUTURE],
  ])('refuses %s on edit and on creation', async (start_date, message) => {
    const before = stored(t.db);
    const edit = await submitComponentAction(t.db, web, post({ intent: 'save', name: 'Website', slug: 'web', description: '', group: '', start_date, showcase: 'on' }), owner, NOW);
    expect(edit).toMatchObject({ kind: 'form', status: 400, errors: { start_date: message } });
    const created = await submitNewComponent(t.db, post({ kind: 'component', name: 'Search', slug: 'search', start_date }), owner, NOW);
    expect(created).toMatchObject({ kind: 'form', status: 400, errors: { start_date: message } });
    expect(stored(t.db)).toEqual(before);
  });
});
