import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.js';
import { auditLog, components, events, eventUpdates } from '../../../db/schema.js';
import { SYSTEM, type Actor } from '../../../src/server/audit.js';
import { insertUser } from '../../../src/server/auth/users.js';
import { createComponent, editComponent } from '../../../src/server/use-cases/components.js';
import { scheduleMaintenance } from '../../../src/server/use-cases/maintenance.js';
import { backfillIncident } from '../../../src/server/use-cases/past-incidents.js';
import { editIncidentUpdate } from '../../../src/server/use-cases/update-edits.js';
import { RejectedError } from '../../../src/server/write/events.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, HOUR, incident, page } from '../../helpers/fixtures.js';

/**
 * The use-cases refuse dates outside the page's bounds themselves, so callers other than the
 * forms (the write API, scripts) cannot store a year-1850 incident or a year-9999 window.
 */
const NOW = Date.UTC(2026, 11, 4, 15, 0);
const RANGE = 'between Jan 1, 2006 and Dec 4, 2031.';

let t: TempDatabase;
let owner: Actor;
let web: string;
beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme', 'UTC', NOW - 30 * DAY);
  web = component(t.db, 'web', 'Website', NOW - 30 * DAY);
  const { id } = insertUser(t.db, { email: 'olga@example.com', name: 'Olga', role: 'owner', password: 'unused' }, 'not-a-real-hash', SYSTEM, NOW - DAY);
  owner = { id, label: 'olga@example.com' };
});
afterEach(() => t.dispose());

const stored = (db: Db) => ({ events: db.select().from(events).all(), updates: db.select().from(eventUpdates).all(), components: db.select().from(components).all(), audit: db.select().from(auditLog).all() });

function refused(run: () => unknown, end: 'past' | 'future'): void {
  const before = stored(t.db);
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(RejectedError);
  expect((error as Error).message).toBe(`That date is too far in the ${end}; choose one ${RANGE}`);
  expect(stored(t.db)).toEqual(before);
}

describe('use-cases bound the dates they store', () => {
  it('backfillIncident refuses an incident in 1850', () => {
    const at = Date.parse('1850-06-01T12:00:00Z');
    refused(
      () => backfillIncident(t.db, { title: 'Old', severity: 'SEV3', startedAt: at, changes: [], updates: [{ row: 1, status: 'investigating', at, message: 'x' }, { row: 2, status: 'resolved', at: at + HOUR, message: 'y' }] }, owner, 'UTC', NOW),
      'past',
    );
  });

  it('scheduleMaintenance refuses a window in 9999', () => {
    const at = Date.parse('9999-06-01T12:00:00Z');
    refused(() => scheduleMaintenance(t.db, { title: 'Later', message: 'x', scheduledFor: at, scheduledUntil: at + HOUR, componentIds: [], notify: false, autoStart: true, autoComplete: true }, owner, 'UTC', NOW), 'future');
  });

  it('editIncidentUpdate refuses moving an update to 0026, but a stored old time stays editable', () => {
    const old = Date.parse('1850-06-01T12:00:00Z');
    incident(t.db, { title: 'Imported', startedAt: old, steps: [{ at: old, status: 'investigating', body: 'x' }] });
    const update = t.db.select().from(eventUpdates).get()!;
    refused(() => editIncidentUpdate(t.db, { updateId: update.id, body: 'x', displayAt: Date.parse('0026-06-01T12:00:00Z') }, owner, 'UTC', NOW), 'past');
    expect(editIncidentUpdate(t.db, { updateId: update.id, body: 'Corrected.', displayAt: old }, owner, 'UTC', NOW)).toMatchObject({ changed: true });
  });

  it('createComponent and editComponent refuse a start date in 0026', () => {
    const fields = { name: 'Search', slug: 'search', description: null, groupId: null, startDate: '0026-01-31', showcase: true, onlyShowIfDegraded: false };
    refused(() => createComponent(t.db, { ...fields, isGroup: false }, owner, NOW), 'past');
    refused(() => editComponent(t.db, web, { ...fields, name: 'Website', slug: 'web', startDate: '9999-01-01' }, owner, NOW), 'future');
  });
});
