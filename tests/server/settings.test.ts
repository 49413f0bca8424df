import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CADENCE } from '../../src/core/cadence.js';
import { DEFAULT_PAGE_NAME, readPageSettings } from '../../src/server/settings.js';
import { tempDatabase, type TempDatabase } from '../helpers/db.js';
import { DAY } from '../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);
const PUBLIC_ID = /^[0-9abcdefghjkmnpqrstvwxyz]{12}$/;

let t: TempDatabase;
beforeEach(() => {
  t = tempDatabase();
});
afterEach(() => t.dispose());

const rows = (): Record<string, unknown>[] => t.sqlite.prepare('select * from page_settings').all() as Record<string, unknown>[];

describe('readPageSettings', () => {
  it('a new database has no settings row until someone asks', () => {
    expect(rows()).toHaveLength(0);
  });

  it('creates the default row on first read', () => {
    const s = readPageSettings(t.db, NOW);
    expect(s.name).toBe(DEFAULT_PAGE_NAME);
    expect(DEFAULT_PAGE_NAME).toBe('Status');
    expect(s.timeZone).toBe('UTC');
    expect(s.url).toBeNull();
    expect(s.description).toBeNull();
    expect(s.supportUrl).toBeNull();
    expect(s.brandColor).toBeNull();
    expect(s.logoUrl).toBeNull();
    expect(s.cadence).toEqual(DEFAULT_CADENCE);
    expect(s.updatedAt).toBe(NOW);
    expect(s.publicId).toMatch(PUBLIC_ID);
    const stored = rows();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: 1, public_id: s.publicId, created_at: NOW, updated_at: NOW });
  });

  it('creates the row once: a later read returns the same public id and keeps the creation time', () => {
    const first = readPageSettings(t.db, NOW);
    const second = readPageSettings(t.db, NOW + DAY);
    const third = readPageSettings(t.db, NOW + 2 * DAY);
    expect(second.publicId).toBe(first.publicId);
    expect(third.publicId).toBe(first.publicId);
    expect(second.updatedAt).toBe(NOW);
    expect(rows()).toHaveLength(1);
    expect(rows()[0]).toMatchObject({ created_at: NOW });
  });

  it('two fresh databases get different public ids', () => {
    const other = tempDatabase();
    try {
      expect(readPageSettings(other.db, NOW).publicId).not.toBe(readPageSettings(t.db, NOW).publicId);
    } finally {
      other.dispose();
    }
  });

  it('returns what is stored, not the defaults, once the row exists', () => {
    readPageSettings(t.db, NOW);
    t.sqlite.prepare("update page_settings set name = 'Acme', time_zone = 'Europe/Berlin' where id = 1").run();
    const s = readPageSettings(t.db, NOW + DAY);
    expect(s.name).toBe('Acme');
    expect(s.timeZone).toBe('Europe/Berlin');
  });

  it('exposes the stored update cadence', () => {
    readPageSettings(t.db, NOW);
    t.sqlite.prepare(`update page_settings set update_cadence = '{"SEV1":10,"SEV2":20,"SEV3":null,"SEV4":60}' where id = 1`).run();
    expect(readPageSettings(t.db, NOW).cadence).toEqual({ SEV1: 10, SEV2: 20, SEV3: null, SEV4: 60 });
  });

  it('falls back to the default cadence when the stored JSON is broken', () => {
    readPageSettings(t.db, NOW);
    t.sqlite.prepare(`update page_settings set update_cadence = '{"SEV1":' where id = 1`).run();
    expect(readPageSettings(t.db, NOW).cadence).toEqual(DEFAULT_CADENCE);
  });

  it('returns exactly the settings fields, not the raw row', () => {
    expect(Object.keys(readPageSettings(t.db, NOW)).sort()).toEqual(
      ['brandColor', 'cadence', 'createdAt', 'description', 'logoUrl', 'name', 'publicId', 'supportUrl', 'timeZone', 'updatedAt', 'url'],
    );
  });
});
