import { count } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, pageSettings } from '../../../db/schema.js';
import { SYSTEM } from '../../../src/server/audit.js';
import type { SessionUser } from '../../../src/server/auth/session.js';
import { insertUser } from '../../../src/server/auth/users.js';
import { submitSettings } from '../../../src/server/forms/settings-submit.js';
import { readPageSettings } from '../../../src/server/settings.js';
import { settingsFormValues } from '../../../src/server/views/admin/settings.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { DAY, page } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 14, 5);

let t: TempDatabase;
let owner: SessionUser;
beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'UTC', NOW - DAY);
  const { id } = insertUser(t.db, { email: 'olga@example.com', name: 'Olga', role: 'owner', password: 'unused' }, 'not-a-real-hash', SYSTEM, NOW - DAY);
  owner = { id, email: 'olga@example.com', name: 'Olga', role: 'owner' };
});
afterEach(() => t.dispose());

function post(form: Record<string, string>): Request {
  return new Request('http://127.0.0.1/admin/settings', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

const stored = (): unknown => [t.db.select().from(pageSettings).all(), t.db.select({ n: count() }).from(auditLog).get()!.n];

describe('submitSettings', () => {
  it('saves the form and says which fields changed', async () => {
    const form = { ...settingsFormValues(readPageSettings(t.db, NOW)), name: 'Acme Cloud', 'cadence:SEV1': '10' };
    expect(await submitSettings(t.db, post(form), owner, NOW)).toEqual({ kind: 'done', changed: ['name', 'cadence'] });
    expect(readPageSettings(t.db, NOW)).toMatchObject({ name: 'Acme Cloud', cadence: { SEV1: 10, SEV2: 30, SEV3: 120, SEV4: null } });
  });

  it('sending the form back unchanged changes nothing', async () => {
    const before = stored();
    expect(await submitSettings(t.db, post(settingsFormValues(readPageSettings(t.db, NOW))), owner, NOW + 1)).toEqual({ kind: 'done', changed: [] });
    expect(stored()).toEqual(before);
  });

  it('answers bad input with 400, each error by its field, the input kept; nothing written', async () => {
    const before = stored();
    const form = { ...settingsFormValues(readPageSettings(t.db, NOW)), name: 'Renamed', time_zone: 'Mars/Olympus', brand_color: 'red' };
    const out = await submitSettings(t.db, post(form), owner, NOW);
    expect(out).toMatchObject({ kind: 'form', status: 400, values: form });
    expect(out.kind === 'form' && Object.keys(out.errors).sort()).toEqual(['brand_color', 'time_zone']);
    expect(stored()).toEqual(before);
  });
});
