import type Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findMigrationsFolder } from '../../../db/client.js';

/** A migration this build ships, as listed in db/migrations/meta/_journal.json. */
export interface ShippedMigration {
  readonly tag: string;
  /** The journal's `when`: drizzle stores it as `created_at` and compares on it alone. */
  readonly when: number;
  /** sha256 of the .sql file, as drizzle records it. */
  readonly hash: string;
}

/** A row of __drizzle_migrations. */
export interface AppliedMigration {
  readonly hash: string;
  readonly createdAt: number;
}

export interface MigrationPoint {
  readonly count: number;
  /** Null when nothing is applied, or when the applied migration is unknown to this build. */
  readonly tag: string | null;
  readonly hash: string | null;
}

export interface MigrationState {
  readonly applied: MigrationPoint;
  readonly latest: MigrationPoint;
  /** Shipped migrations drizzle would still apply to this database. */
  readonly pending: number;
}

/**
 * Reads the journal and hashes the files with drizzle's own reader, so "latest" means exactly
 * what the migrator would apply. Both list the journal's entries in order, hence the zip by index.
 */
export function readShippedMigrations(folder: string = findMigrationsFolder()): ShippedMigration[] {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string; when: number }[];
  };
  const files = readMigrationFiles({ migrationsFolder: folder });
  return journal.entries.map((entry, i) => ({ tag: entry.tag, when: entry.when, hash: files[i]?.hash ?? '' }));
}

/** Applied migrations, oldest first; none when the migrations table was never created. */
export function readAppliedMigrations(sqlite: Database.Database): AppliedMigration[] {
  const table = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  if (!table) return [];
  return (
    sqlite.prepare('select hash, created_at as createdAt from __drizzle_migrations order by created_at').all() as {
      hash: string;
      createdAt: number | string;
    }[]
  ).map((r) => ({ hash: r.hash, createdAt: Number(r.createdAt) }));
}

/**
 * Where the database stands against this build. "Pending" follows drizzle's rule (a shipped
 * migration runs iff its `when` is later than the newest applied `created_at`), so the
 * check can never disagree with what `npm run migrate` would do.
 */
export function compareMigrations(applied: readonly AppliedMigration[], shipped: readonly ShippedMigration[]): MigrationState {
  const newestApplied = applied.reduce<AppliedMigration | null>(
    (newest, m) => (newest === null || m.createdAt >= newest.createdAt ? m : newest),
    null,
  );
  const newestShipped = shipped.at(-1) ?? null;
  return {
    applied: {
      count: applied.length,
      tag: newestApplied ? (shipped.find((m) => m.hash === newestApplied.hash)?.tag ?? null) : null,
      hash: newestApplied?.hash ?? null,
    },
    latest: { count: shipped.length, tag: newestShipped?.tag ?? null, hash: newestShipped?.hash ?? null },
    pending: shipped.filter((m) => newestApplied === null || m.when > newestApplied.createdAt).length,
  };
}

let shippedOnce: readonly ShippedMigration[] | null = null;

/** The shipped migrations, read on first success and kept: they belong to the build, not the request. */
export function shippedMigrations(): readonly ShippedMigration[] {
  shippedOnce ??= readShippedMigrations();
  return shippedOnce;
}
