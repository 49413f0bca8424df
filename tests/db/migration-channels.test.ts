import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client.js";
import { databaseAtMigration } from "../helpers/migrated-database.js";

/**
 * Migration 0008 (channels) on a database the previous release filled: the subscribers table only
 * gains columns (a rebuild inside the migration's transaction would cascade-delete its children),
 * deliveries is rebuilt with its rows intact.
 */
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A database migrated up to and including 0007, as the previous release left it. */
function databaseAt0007(): string {
  return databaseAtMigration(7, dirs, (sqlite) => {
    const at = 1_790_000_000_000;
    sqlite.exec(`
    insert into components (id, slug, name, created_at, updated_at) values ('c1', 'api', 'API', ${at}, ${at});
    insert into events (id, kind, reference, title, severity, started_at, created_at, updated_at) values ('e1', 'incident', 'INC-1', 'Errors', 'SEV2', ${at}, ${at}, ${at});
    insert into event_updates (id, event_id, status, body, display_at, created_at, updated_at) values ('u1', 'e1', 'investigating', 'Looking', ${at}, ${at}, ${at});
    insert into subscribers (id, email, state, all_components, created_at, updated_at) values ('s1', 'a@example.com', 'active', 0, ${at}, ${at});
    insert into subscribers (id, email, state, created_at, updated_at, quarantined_at, quarantine_reason) values ('s2', 'b@example.com', 'quarantined', ${at}, ${at}, ${at}, '550 no such user');
    insert into subscriber_components (subscriber_id, component_id) values ('s1', 'c1');
    insert into deliveries (kind, channel, subscriber_id, event_id, update_id, dedupe_key, state, attempts, next_attempt_at, created_at, updated_at)
      values ('update', 'email', 's1', 'e1', 'u1', 'update:u1:s1:email', 'pending', 2, ${at}, ${at}, ${at});
    insert into deliveries (kind, channel, subscriber_id, dedupe_key, payload, state, attempts, next_attempt_at, created_at, updated_at, sent_at)
      values ('confirm', 'email', 's2', 'confirm:s2', null, 'sent', 1, ${at}, ${at}, ${at}, ${at});
  `);
  });
}

describe("migration 0008 (channels)", () => {
  it("keeps every subscriber, choice and delivery, all on the email channel", () => {
    const handle = openDatabase(databaseAt0007());
    try {
      const { sqlite } = handle;
      expect(
        sqlite
          .prepare(
            "select id, channel, endpoint, consecutive_failures as f, state from subscribers order by id",
          )
          .all(),
      ).toEqual([
        { id: "s1", channel: "email", endpoint: null, f: 0, state: "active" },
        {
          id: "s2",
          channel: "email",
          endpoint: null,
          f: 0,
          state: "quarantined",
        },
      ]);
      expect(
        sqlite
          .prepare(
            "select subscriber_id, component_id from subscriber_components",
          )
          .all(),
      ).toEqual([{ subscriber_id: "s1", component_id: "c1" }]);
      expect(
        sqlite
          .prepare(
            "select id, kind, channel, subscriber_id as s, team_channel_id as t, state, attempts from deliveries order by id",
          )
          .all(),
      ).toEqual([
        {
          id: 1,
          kind: "update",
          channel: "email",
          s: "s1",
          t: null,
          state: "pending",
          attempts: 2,
        },
        {
          id: 2,
          kind: "confirm",
          channel: "email",
          s: "s2",
          t: null,
          state: "sent",
          attempts: 1,
        },
      ]);
      expect(sqlite.pragma("foreign_key_check")).toEqual([]);
      expect(sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      handle.close();
    }
  });

  it("lets an email and a webhook subscriber share a contact address, but not two email subscribers or two equal endpoints", () => {
    const handle = openDatabase(databaseAt0007());
    try {
      const { sqlite } = handle;
      const add = (
        id: string,
        email: string,
        channel: string,
        endpoint: string | null,
        secret: string | null,
      ): void =>
        void sqlite
          .prepare(
            "insert into subscribers (id, email, state, channel, endpoint, signing_secret, created_at, updated_at) values (?, ?, ?, ?, ?, ?, 1, 1)",
          )
          .run(id, email, "active", channel, endpoint, secret);
      add(
        "w1",
        "a@example.com",
        "webhook",
        "https://hooks.example.com/a",
        "sealed",
      );
      add("k1", "a@example.com", "slack", "https://hooks.example.com/a", null);
      expect(() => add("e3", "a@example.com", "email", null, null)).toThrow(
        /UNIQUE/,
      );
      expect(() =>
        add(
          "w2",
          "c@example.com",
          "webhook",
          "https://hooks.example.com/a",
          "sealed",
        ),
      ).toThrow(/UNIQUE/);
      expect(() =>
        add("w3", "c@example.com", "webhook", null, "sealed"),
      ).toThrow(/subscribers_channel/);
      expect(() =>
        add(
          "w4",
          "c@example.com",
          "webhook",
          "https://hooks.example.com/b",
          null,
        ),
      ).toThrow(/subscribers_channel/);
      expect(() =>
        add(
          "e4",
          "d@example.com",
          "email",
          "https://hooks.example.com/c",
          null,
        ),
      ).toThrow(/subscribers_channel/);
      expect(() =>
        add(
          "x1",
          "d@example.com",
          "pigeon",
          "https://hooks.example.com/c",
          null,
        ),
      ).toThrow(/subscribers_channel/);
      expect(() =>
        sqlite
          .prepare("update subscribers set endpoint = null where id = 'w1'")
          .run(),
      ).toThrow(/subscribers_channel/);
    } finally {
      handle.close();
    }
  });

  it("names exactly one recipient per delivery: a subscriber or a team channel", () => {
    const handle = openDatabase(databaseAt0007());
    try {
      const { sqlite } = handle;
      sqlite
        .prepare(
          "insert into team_channels (id, name, kind, url_encrypted, events, created_at, updated_at) values ('t1', 'Incident room', 'slack', 'sealed', '[\"update_published\"]', 1, 1)",
        )
        .run();
      const add = (s: string | null, t: string | null, key: string): unknown =>
        sqlite
          .prepare(
            "insert into deliveries (kind, channel, subscriber_id, team_channel_id, dedupe_key, state, next_attempt_at, created_at, updated_at) values ('team_event', 'slack', ?, ?, ?, 'pending', 1, 1, 1)",
          )
          .run(s, t, key);
      expect(() => add(null, "t1", "k1")).not.toThrow();
      expect(() => add(null, null, "k2")).toThrow(/deliveries_recipient/);
      expect(() => add("s1", "t1", "k3")).toThrow(/deliveries_recipient/);
      expect(() =>
        sqlite
          .prepare(
            "insert into team_channels (id, name, kind, url_encrypted, events, created_at, updated_at) values ('t2', 'Hook', 'webhook', 'sealed', '[]', 1, 1)",
          )
          .run(),
      ).toThrow(/team_channels_secret/);
    } finally {
      handle.close();
    }
  });
});
