import type { Db } from "../../db/client.js";

/**
 * Builds something once per database handle and keeps it as long as the handle lives: prepared
 * statements for hot paths, which drizzle would otherwise rebuild and SQLite re-prepare per call.
 */
export function perDatabase<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    let value = built.get(db);
    if (value === undefined) built.set(db, (value = build(db)));
    return value;
  };
}
