import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findMigrationsFolder } from '../../../db/client.js';
import {
  compareMigrations,
  readAppliedMigrations,
  readShippedMigrations,
  type ShippedMigration,
} from '../../../src/server/health/migrations.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';

const SHIPPED: ShippedMigration[] = [
  { tag: '0000_init', when: 100, hash: 'a' },
  { tag: '0001_next', when: 200, hash: 'b' },
];

describe('compareMigrations', () => {
  it('is up to date when the newest shipped migration is applied', () => {
    const state = compareMigrations(
      [
        { hash: 'a', createdAt: 100 },
        { hash: 'b', createdAt: 200 },
      ],
      SHIPPED,
    );
    expect(state).toEqual({
      applied: { count: 2, tag: '0001_next', hash: 'b' },
      latest: { count: 2, tag: '0001_next', hash: 'b' },
      pending: 0,
    });
  });

  it('counts what drizzle would still apply when behind', () => {
    const state = compareMigrations([{ hash: 'a', createdAt: 100 }], SHIPPED);
    expect(state.pending).toBe(1);
    expect(state.applied).toEqual({ count: 1, tag: '0000_init', hash: 'a' });
  });

  it('treats an empty database as behind by everything', () => {
    const state = compareMigrations([], SHIPPED);
    expect(state.pending).toBe(2);
    expect(state.applied).toEqual({ count: 0, tag: null, hash: null });
  });

  it('names no tag for an applied migration this build does not ship, and nothing pending', () => {
    const state = compareMigrations(
      [
        { hash: 'a', createdAt: 100 },
        { hash: 'b', createdAt: 200 },
        { hash: 'c', createdAt: 300 },
      ],
      SHIPPED,
    );
    expect(state.pending).toBe(0);
    expect(state.applied).toEqual({ count: 3, tag: null, hash: 'c' });
  });
});

describe('reading migrations', () => {
  let t: TempDatabase;
  beforeEach(() => {
    t = tempDatabase();
  });
  afterEach(() => t.dispose());

  it('reads the journal with the hashes drizzle records', () => {
    const folder = findMigrationsFolder();
    const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };
    const shipped = readShippedMigrations(folder);
    expect(shipped.map((m) => m.tag)).toEqual(journal.entries.map((e) => e.tag));
    const first = shipped[0]!;
    expect(first.hash).toBe(createHash('sha256').update(readFileSync(join(folder, `${first.tag}.sql`))).digest('hex'));
    // A freshly migrated database holds exactly those hashes.
    expect(readAppliedMigrations(t.sqlite)).toEqual(shipped.map((m) => ({ hash: m.hash, createdAt: m.when })));
  });

  it('reads no applied migrations when the table was never created', () => {
    t.sqlite.exec('drop table __drizzle_migrations');
    expect(readAppliedMigrations(t.sqlite)).toEqual([]);
  });
});
