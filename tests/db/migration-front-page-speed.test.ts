import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { databaseAtMigration } from '../helpers/migrated-database.js';

/**
 * Migration 0010 (front page speed): open_events filled from the updates, the events counter beside
 * the content version (every content table still bumps the content version), and the status
 * history index carrying what the front page reads from it.
 */
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migration 0010 (front page speed)', () => {
  it('keeps the content version and its history, and bumps the events counter for events and what they show only', () => {
    const at = 1_790_000_000_000;
    const path = databaseAtMigration(9, dirs, (sqlite) => {
      sqlite.exec(`
        insert into components (id, slug, name, created_at, updated_at) values ('c1', 'api', 'API', ${at}, ${at});
        insert into component_status_changes (component_id, status, at, cause) values ('c1', 'major_outage', ${at}, 'manual');
        insert into events (id, kind, reference, title, started_at, created_at, updated_at) values
          ('open', 'incident', 'INC-A', 'Open', ${at}, ${at}, ${at}), ('done', 'incident', 'INC-B', 'Done', ${at}, ${at}, ${at}), ('new', 'incident', 'INC-C', 'No update yet', ${at}, ${at}, ${at});
        insert into event_updates (id, event_id, status, body, display_at, created_at, updated_at) values
          ('o1', 'open', 'identified', 'x', ${at}, ${at}, ${at}), ('d1', 'done', 'investigating', 'x', ${at}, ${at}, ${at}), ('d2', 'done', 'resolved', 'x', ${at + 1}, ${at}, ${at});
      `);
    });
    const handle = openDatabase(path);
    try {
      const { sqlite } = handle;
      const versions = (): { version: number; events: number } => sqlite.prepare('select version, events_version as events from content_version').get() as { version: number; events: number };
      const start = versions();
      expect(start.version).toBeGreaterThan(0);
      expect(start.events).toBe(0);
      expect(sqlite.prepare('select status from component_status_changes').pluck().all()).toEqual(['major_outage']);
      // Filled from the updates already there.
      expect(sqlite.prepare('select event_id from open_events order by event_id').pluck().all()).toEqual(['new', 'open']);

      const step = (write: string): { version: number; events: number } => {
        const before = versions();
        sqlite.exec(write);
        const after = versions();
        return { version: after.version - before.version, events: after.events - before.events };
      };
      // A status change: the content changed, the events did not.
      expect(step(`insert into component_status_changes (component_id, status, at, cause) values ('c1', 'operational', ${at + 1}, 'manual')`)).toEqual({ version: 1, events: 0 });
      expect(step(`insert into events (id, kind, reference, title, started_at, created_at, updated_at) values ('e1', 'incident', 'INC-1', 'Down', ${at}, ${at}, ${at})`)).toEqual({ version: 1, events: 1 });
      expect(step(`insert into event_updates (id, event_id, status, body, display_at, created_at, updated_at) values ('u1', 'e1', 'investigating', 'Looking.', ${at}, ${at}, ${at})`)).toEqual({ version: 1, events: 1 });
      expect(step(`insert into event_components (event_id, component_id) values ('e1', 'c1')`)).toEqual({ version: 1, events: 1 });
      expect(step(`update components set name = 'Public API' where id = 'c1'`)).toEqual({ version: 1, events: 1 });

      const index = sqlite.prepare("select sql from sqlite_master where name = 'status_changes_component_at_idx'").pluck().get() as string;
      expect(index).toContain('`status`');
      expect(index).toContain('`event_id`');
      expect(sqlite.prepare('select count(*) from front_rows').pluck().get()).toBe(0);
    } finally {
      handle.close();
    }
  });
});
