import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client.js";
import { databaseAtMigration } from "../helpers/migrated-database.js";

/**
 * Migration 0007 rebuilds `users` to widen its role CHECK. Drizzle applies migrations inside one
 * transaction, where the migration's own `PRAGMA foreign_keys=OFF` does nothing; dropping the old
 * table used to cascade-delete every session, recovery code and pending sign-in and null the audit
 * log's actors. openDatabase now migrates with the keys off and checks them after.
 */
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("migrations that rebuild a table", () => {
  it("keep the rows that reference it (0006 → latest keeps sessions, recovery codes and audit actors)", () => {
    const path = databaseAtMigration(6, dirs, (sqlite) => {
      const at = 1_790_000_000_000;
      sqlite.exec(`
        insert into users (id, email, name, role, password_hash, created_at, updated_at) values ('u1', 'owner@example.com', 'Owner', 'owner', 'x', ${at}, ${at});
        insert into sessions (id, user_id, expires_at, created_at) values ('s1', 'u1', ${at + 86_400_000}, ${at});
        insert into recovery_codes (user_id, code_hash) values ('u1', 'h1');
        insert into audit_log (at, actor_id, actor_label, action, object_type) values (${at}, 'u1', 'Owner', 'sign_in', 'user');
      `);
    });
    const handle = openDatabase(path);
    try {
      const { sqlite } = handle;
      expect(sqlite.prepare("select id, user_id from sessions").all()).toEqual([
        { id: "s1", user_id: "u1" },
      ]);
      expect(
        sqlite.prepare("select user_id, code_hash from recovery_codes").all(),
      ).toEqual([{ user_id: "u1", code_hash: "h1" }]);
      expect(sqlite.prepare("select actor_id from audit_log").all()).toEqual([
        { actor_id: "u1" },
      ]);
      // The rebuild did happen: the widened CHECK takes the new role, and the keys are enforced again.
      sqlite.prepare("update users set role = 'reader' where id = 'u1'").run();
      expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(() =>
        sqlite
          .prepare(
            "insert into sessions (id, user_id, expires_at, created_at) values ('s2', 'nobody', 1, 1)",
          )
          .run(),
      ).toThrow(/FOREIGN KEY/);
    } finally {
      handle.close();
    }
  });
});
