import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { findMigrationsFolder } from "../../db/client.js";

/**
 * A database file migrated up to and including migration `last` (its journal index), as that
 * release left it, then filled by `fill`. Its directory is pushed onto `dirs` for the caller to remove.
 */
export function databaseAtMigration(
  last: number,
  dirs: string[],
  fill: (sqlite: Database.Database) => void,
): string {
  const dir = mkdtempSync(join(tmpdir(), "beacon-migration-"));
  dirs.push(dir);
  const folder = join(dir, "migrations");
  cpSync(findMigrationsFolder(), folder, { recursive: true });
  const journalPath = join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as {
    entries: { idx: number }[];
  };
  journal.entries = journal.entries.filter((e) => e.idx <= last);
  writeFileSync(journalPath, JSON.stringify(journal));
  const path = join(dir, "beacon.db");
  const sqlite = new Database(path);
  try {
    sqlite.pragma("foreign_keys = ON");
    migrate(drizzle(sqlite), { migrationsFolder: folder });
    fill(sqlite);
  } finally {
    sqlite.close();
  }
  return path;
}
