import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CADENCE } from '../../../src/core/cadence.js';
import { RejectedError } from '../../../src/server/write/events.js';
import { updatePageSettings } from '../../../src/server/write/settings.js';
import { readPageSettings } from '../../../src/server/settings.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { HOUR } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);

let t: TempDatabase;
beforeEach(() => {
  t = tempDatabase();
});
afterEach(() => t.dispose());

const storedRow = (): unknown => t.sqlite.prepare('select * from page_settings').all();

describe('updatePageSettings', () => {
  it('creates the row if needed, applies the change and returns the new settings', () => {
    const s = updatePageSettings(t.db, { name: 'Acme Cloud', timeZone: 'America/New_York' }, NOW);
    expect(s.name).toBe('Acme Cloud');
    expect(s.timeZone).toBe('America/New_York');
    expect(s.updatedAt).toBe(NOW);
    expect(readPageSettings(t.db, NOW + HOUR)).toMatchObject({ name: 'Acme Cloud', timeZone: 'America/New_York' });
  });

  it('changes only the fields given and keeps the public id', () => {
    const before = updatePageSettings(t.db, { name: 'Acme', description: 'All about Acme', supportUrl: 'https://acme.example' }, NOW);
    const after = updatePageSettings(t.db, { brandColor: '#112233' }, NOW + HOUR);
    expect(after).toMatchObject({
      publicId: before.publicId,
      name: 'Acme',
      description: 'All about Acme',
      supportUrl: 'https://acme.example',
      brandColor: '#112233',
      timeZone: 'UTC',
      updatedAt: NOW + HOUR,
    });
  });

  it('keeps the creation time when updating', () => {
    readPageSettings(t.db, NOW);
    updatePageSettings(t.db, { name: 'Later' }, NOW + HOUR);
    expect(t.sqlite.prepare('select created_at, updated_at from page_settings').get()).toEqual({ created_at: NOW, updated_at: NOW + HOUR });
  });

  it('can clear an optional field with null', () => {
    updatePageSettings(t.db, { description: 'x' }, NOW);
    expect(updatePageSettings(t.db, { description: null }, NOW + 1).description).toBeNull();
  });

  it.each(['Europe/Berlin', 'UTC', 'Asia/Kolkata', 'America/St_Johns'])('accepts the time zone %s', (timeZone) => {
    expect(updatePageSettings(t.db, { timeZone }, NOW).timeZone).toBe(timeZone);
  });

  it.each(['Mars/Olympus', '', 'Europe/Berlin ', '+05:00', 'Not a zone'])('rejects the time zone %j and leaves the settings unchanged', (timeZone) => {
    updatePageSettings(t.db, { name: 'Acme', timeZone: 'Europe/Berlin' }, NOW);
    const before = storedRow();
    let error: unknown;
    try {
      updatePageSettings(t.db, { name: 'Renamed', timeZone }, NOW + HOUR);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RejectedError);
    expect((error as Error).message).toContain('not a time zone');
    // Nothing of the change is written, not even the valid field alongside the bad one.
    expect(storedRow()).toEqual(before);
    expect(readPageSettings(t.db, NOW + 2 * HOUR)).toMatchObject({ name: 'Acme', timeZone: 'Europe/Berlin', updatedAt: NOW });
  });

  it('rejecting a bad zone on a fresh database does not create the row', () => {
    expect(() => updatePageSettings(t.db, { timeZone: 'Nowhere/Land' }, NOW)).toThrow(RejectedError);
    expect(storedRow()).toEqual([]);
  });

  it('stores a cadence as JSON and clears it with null (back to the defaults)', () => {
    const custom = { SEV1: 15, SEV2: 45, SEV3: null, SEV4: 1440 };
    expect(updatePageSettings(t.db, { cadence: custom }, NOW).cadence).toEqual(custom);
    expect(t.sqlite.prepare('select update_cadence from page_settings').get()).toEqual({ update_cadence: '{"SEV1":15,"SEV2":45,"SEV3":null,"SEV4":1440}' });
    expect(updatePageSettings(t.db, { cadence: null }, NOW + HOUR).cadence).toEqual(DEFAULT_CADENCE);
    expect(t.sqlite.prepare('select update_cadence from page_settings').get()).toEqual({ update_cadence: null });
  });

  it('leaves the cadence alone when the change does not name it', () => {
    updatePageSettings(t.db, { cadence: { ...DEFAULT_CADENCE, SEV1: 5 } }, NOW);
    expect(updatePageSettings(t.db, { name: 'Renamed' }, NOW + HOUR).cadence).toEqual({ ...DEFAULT_CADENCE, SEV1: 5 });
  });
});
