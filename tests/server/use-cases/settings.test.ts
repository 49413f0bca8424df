import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, pageSettings } from '../../../db/schema.js';
import { DEFAULT_CADENCE } from '../../../src/core/cadence.js';
import { SYSTEM, type Actor } from '../../../src/server/audit.js';
import { insertUser } from '../../../src/server/auth/users.js';
import type { SettingsFields } from '../../../src/server/forms/settings-form.js';
import { readPageSettings } from '../../../src/server/settings.js';
import { changePageSettings } from '../../../src/server/use-cases/settings.js';
import { RejectedError } from '../../../src/server/write/events.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { DAY, HOUR, page } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 14, 5);
const T0 = NOW - 30 * DAY;

let t: TempDatabase;
let actor: Actor;
beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'UTC', T0);
  const { id } = insertUser(t.db, { email: 'olga@example.com', name: 'Olga', role: 'owner', password: 'unused' }, 'not-a-real-hash', SYSTEM, T0);
  actor = { id, label: 'olga@example.com' };
});
afterEach(() => t.dispose());

const current = (): SettingsFields => {
  const { publicId: _p, updatedAt: _u, ...fields } = readPageSettings(t.db, NOW);
  return fields;
};
const stored = (): unknown => t.db.select().from(pageSettings).all();
const auditCount = (): number => t.db.select({ n: count() }).from(auditLog).get()!.n;

describe('changePageSettings', () => {
  it('saves every field and audits the changed ones with the actor', () => {
    const next: SettingsFields = {
      name: 'Acme Cloud',
      url: 'https://status.acme.example',
      timeZone: 'Europe/Berlin',
      description: 'Acme’s status',
      supportUrl: 'mailto:help@acme.example',
      brandColor: '#112233',
      logoUrl: '/logo.svg',
      cadence: { ...DEFAULT_CADENCE, SEV1: 15 },
    };
    expect(changePageSettings(t.db, next, actor, NOW)).toEqual(['name', 'url', 'timeZone', 'description', 'supportUrl', 'brandColor', 'logoUrl', 'cadence']);
    expect(readPageSettings(t.db, NOW)).toMatchObject({ ...next, updatedAt: NOW });
    const audit = t.db.select().from(auditLog).where(eq(auditLog.action, 'settings.updated')).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ at: NOW, actorId: actor.id, actorLabel: 'olga@example.com', objectType: 'page_settings', objectId: null });
    expect(JSON.parse(audit[0]!.diff!)).toMatchObject({
      name: { from: 'Acme Status', to: 'Acme Cloud' },
      timeZone: { from: 'UTC', to: 'Europe/Berlin' },
      cadence: { from: DEFAULT_CADENCE, to: { ...DEFAULT_CADENCE, SEV1: 15 } },
    });
  });

  it('audits only what changed', () => {
    changePageSettings(t.db, { ...current(), brandColor: '#abcdef' }, actor, NOW);
    const audit = t.db.select().from(auditLog).where(eq(auditLog.action, 'settings.updated')).get()!;
    expect(JSON.parse(audit.diff!)).toEqual({ brandColor: { from: null, to: '#abcdef' } });
  });

  it('writes nothing when nothing changed', () => {
    const before = [stored(), auditCount()];
    expect(changePageSettings(t.db, current(), actor, NOW + HOUR)).toEqual([]);
    expect([stored(), auditCount()]).toEqual(before);
  });

  it('refuses an unknown time zone: nothing written, not even the other fields', () => {
    const before = [stored(), auditCount()];
    expect(() => changePageSettings(t.db, { ...current(), name: 'Renamed', timeZone: 'Mars/Olympus' }, actor, NOW)).toThrow(RejectedError);
    expect([stored(), auditCount()]).toEqual(before);
  });
});
