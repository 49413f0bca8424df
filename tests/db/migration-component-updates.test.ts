import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { databaseAtMigration } from '../helpers/migrated-database.js';

/** Migration 0009 (component updates) rebuilds deliveries for the new kind: every row survives. */
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migration 0009 (component updates)', () => {
  it('keeps every delivery of a database the previous release filled, and accepts component_update rows', () => {
    const at = 1_790_000_000_000;
    const path = databaseAtMigration(8, dirs, (sqlite) => {
      sqlite.exec(`
        insert into components (id, slug, name, created_at, updated_at) values ('c1', 'api', 'API', ${at}, ${at});
        insert into component_status_changes (component_id, status, at, cause) values ('c1', 'major_outage', ${at}, 'manual');
        insert into subscribers (id, email, state, created_at, updated_at) values ('s1', 'a@example.com', 'active', ${at}, ${at});
        insert into deliveries (kind, channel, subscriber_id, dedupe_key, state, attempts, next_attempt_at, created_at, updated_at)
          values ('confirm', 'email', 's1', 'confirm:s1', 'sent', 1, ${at}, ${at}, ${at});
        insert into deliveries (kind, channel, subscriber_id, dedupe_key, payload, state, attempts, next_attempt_at, created_at, updated_at)
          values ('channel_test', 'webhook', 's1', 'test:s1', null, 'pending', 2, ${at}, ${at}, ${at});
      `);
    });
    const handle = openDatabase(path);
    try {
      const { sqlite } = handle;
      expect(sqlite.prepare('select kind, channel, dedupe_key as k, state, attempts, component_change_id as c from deliveries order by id').all()).toEqual([
        { kind: 'confirm', channel: 'email', k: 'confirm:s1', state: 'sent', attempts: 1, c: null },
        { kind: 'channel_test', channel: 'webhook', k: 'test:s1', state: 'pending', attempts: 2, c: null },
      ]);
      const change = (sqlite.prepare('select id from component_status_changes').get() as { id: number }).id;
      sqlite
        .prepare(`insert into deliveries (kind, channel, subscriber_id, component_change_id, dedupe_key, state, next_attempt_at, created_at, updated_at) values ('component_update', 'webhook', 's1', ?, 'component:x', 'pending', 1, 1, 1)`)
        .run(change);
      // Removing the change takes its pending delivery with it.
      sqlite.prepare('delete from component_status_changes where id = ?').run(change);
      expect(sqlite.prepare("select count(*) as n from deliveries where kind = 'component_update'").get()).toEqual({ n: 0 });
    } finally {
      handle.close();
    }
  });
});
