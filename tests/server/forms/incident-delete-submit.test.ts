import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.js';
import { auditLog, componentStatusChanges, events, eventUpdates } from '../../../db/schema.js';
import { SYSTEM } from '../../../src/server/audit.js';
import type { SessionUser } from '../../../src/server/auth/session.js';
import { insertUser } from '../../../src/server/auth/users.js';
import { submitIncidentDeletion } from '../../../src/server/forms/incident-delete-submit.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, HOUR, incident, page } from '../../helpers/fixtures.js';
import { formRequest } from '../../helpers/form-request.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);

let t: TempDatabase;
let owner: SessionUser;
let created: { id: string; reference: string };

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'UTC', NOW - 30 * DAY);
  const api = component(t.db, 'api', 'API', NOW - 30 * DAY);
  const { id } = insertUser(t.db, { email: 'olga@example.com', name: 'Olga Owner', role: 'owner', password: 'unused' }, 'not-a-real-hash', SYSTEM, NOW - DAY);
  owner = { id, email: 'olga@example.com', name: 'Olga Owner', role: 'owner' };
  created = incident(t.db, { title: 'Test incident', startedAt: NOW - HOUR, steps: [{ at: NOW - HOUR, status: 'resolved', body: 'Oops.', set: { [api]: 'operational' } }] });
});
afterEach(() => t.dispose());

const snapshot = (db: Db) => ({ events: db.select().from(events).all(), updates: db.select().from(eventUpdates).all(), history: db.select().from(componentStatusChanges).all(), audit: db.select().from(auditLog).all() });
const submit = (id: string, form: Record<string, string>) => submitIncidentDeletion(t.db, id, formRequest(`/admin/incidents/${id}/delete`, form), owner, NOW);

describe('submitIncidentDeletion', () => {
  it('deletes once the reference is typed', async () => {
    expect(await submit(created.id, { confirm: created.reference.toLowerCase() })).toEqual({ kind: 'done', reference: created.reference });
    expect(t.db.select().from(events).all()).toEqual([]);
  });

  it('answers a wrong confirmation with 400 next to the field, input kept, nothing written', async () => {
    const before = snapshot(t.db);
    expect(await submit(created.id, { confirm: 'delete' })).toEqual({
      kind: 'form',
      status: 400,
      values: { confirm: 'delete' },
      errors: { confirm: `Type ${created.reference} to confirm.` },
      previewHtml: null,
    });
    expect(snapshot(t.db)).toEqual(before);
  });

  it('answers an incident that is gone with 409', async () => {
    await submit(created.id, { confirm: created.reference });
    expect(await submit(created.id, { confirm: created.reference })).toMatchObject({ kind: 'form', status: 409, errors: { form: 'This incident no longer exists.' } });
  });
});
