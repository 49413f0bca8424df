import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { databaseAtMigration } from '../helpers/migrated-database.js';

/** Migration 0011 (component heads): every component's head filled from the history already there, then kept. */
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migration 0011 (component heads)', () => {
  it('fills each head with its latest change, empty for a group or a component without history, and moves stamps from there', () => {
    const at = 1_790_000_000_000;
    const path = databaseAtMigration(10, dirs, (sqlite) => {
      sqlite.exec(`
        insert into components (id, slug, name, is_group, created_at, updated_at) values ('g', 'edge', 'Edge', 1, ${at}, ${at});
        insert into components (id, slug, name, group_id, created_at, updated_at) values
          ('api', 'api', 'API', 'g', ${at}, ${at}), ('web', 'web', 'Web', null, ${at}, ${at}), ('new', 'new', 'New', null, ${at}, ${at});
        insert into component_status_changes (component_id, status, at, cause) values
          ('api', 'major_outage', ${at}, 'manual'), ('api', 'operational', ${at + 60_000}, 'manual'),
          ('web', 'partial_outage', ${at + 60_000}, 'manual'), ('web', 'degraded_performance', ${at + 60_000}, 'manual'), ('web', 'major_outage', ${at}, 'manual');
      `);
    });
    const handle = openDatabase(path);
    try {
      const { sqlite } = handle;
      const heads = (): unknown[] => sqlite.prepare('select component_id, status, at, stamp from component_heads order by component_id').raw().all();
      // Latest by time, then by id (web's two changes at the same instant: the later row wins).
      expect(heads()).toEqual([
        ['api', 'operational', at + 60_000, 1],
        ['g', null, null, 1],
        ['new', null, null, 1],
        ['web', 'degraded_performance', at + 60_000, 1],
      ]);
      sqlite.exec(`insert into component_status_changes (component_id, status, at, cause) values ('new', 'under_maintenance', ${at}, 'manual')`);
      expect(sqlite.prepare("select status, stamp from component_heads where component_id = 'new'").raw().get()).toEqual(['under_maintenance', 2]);
      expect(sqlite.prepare("select stamp from component_heads where component_id <> 'new'").pluck().all()).toEqual([1, 1, 1]);
    } finally {
      handle.close();
    }
  });
});
