import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUSY_TIMEOUT_MS, findMigrationsFolder, openDatabase } from '../../db/client.js';
import { tempDatabase, tempDatabasePath, type TempDatabase } from '../helpers/db.js';

/** How many migrations the project ships (db/migrations/meta/_journal.json). */
const SHIPPED = (JSON.parse(readFileSync(new URL('../../db/migrations/meta/_journal.json', import.meta.url), 'utf8')) as { entries: unknown[] })
  .entries.length;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MIGRATIONS = join(ROOT, 'db', 'migrations');
const NOW = Date.UTC(2026, 10, 22, 15, 0);

const TABLES = [
  'component_status_changes',
  'components',
  'event_components',
  'event_updates',
  'events',
  'page_settings',
  'update_component_changes',
];

let t: TempDatabase;
beforeEach(() => {
  t = tempDatabase();
});
afterEach(() => t.dispose());

function tableNames(sqlite: TempDatabase['sqlite']): string[] {
  return (
    sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as {
      name: string;
    }[]
  ).map((r) => r.name);
}

function migrationRows(sqlite: TempDatabase['sqlite']): number {
  return (sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n;
}

/** Inserts a component through raw SQL so the constraints are tested, not our use-cases. */
function rawComponent(id: string, isGroup = 0): void {
  t.sqlite
    .prepare('insert into components (id, slug, name, is_group, created_at, updated_at) values (?, ?, ?, ?, ?, ?)')
    .run(id, id, id, isGroup, NOW, NOW);
}

function rawEvent(values: Partial<Record<'id' | 'kind' | 'reference' | 'severity' | 'started_at' | 'scheduled_for' | 'scheduled_until', unknown>>): void {
  const row = {
    id: 'e1',
    kind: 'incident',
    reference: 'INC-20261122-001',
    severity: 'SEV2',
    started_at: NOW,
    scheduled_for: null,
    scheduled_until: null,
    ...values,
  };
  t.sqlite
    .prepare(
      `insert into events (id, kind, reference, title, severity, started_at, scheduled_for, scheduled_until, created_at, updated_at)
       values (@id, @kind, @reference, 'title', @severity, @started_at, @scheduled_for, @scheduled_until, ${NOW}, ${NOW})`,
    )
    .run(row);
}

describe('openDatabase: migrations', () => {
  it('creates the file and applies every migration on a new database', () => {
    expect(existsSync(t.path)).toBe(true);
    for (const table of TABLES) expect(tableNames(t.sqlite)).toContain(table);
    expect(tableNames(t.sqlite)).toContain('__drizzle_migrations');
    expect(migrationRows(t.sqlite)).toBe(SHIPPED);
  });

  it('creates the indexes the reads rely on', () => {
    const indexes = (
      t.sqlite.prepare("select name from sqlite_master where type = 'index'").all() as { name: string }[]
    ).map((r) => r.name);
    for (const name of ['components_slug_unique', 'status_changes_component_at_idx', 'events_reference_unique', 'events_sort_idx', 'event_updates_event_display_idx']) {
      expect(indexes).toContain(name);
    }
  });

  it('creates missing parent folders for the file', () => {
    const { path, cleanup } = tempDatabasePath();
    const nested = join(path, '..', 'a', 'b', 'beacon.db');
    try {
      const handle = openDatabase(nested);
      try {
        expect(existsSync(nested)).toBe(true);
        expect(migrationRows(handle.sqlite)).toBe(SHIPPED);
      } finally {
        handle.close();
      }
    } finally {
      cleanup();
    }
  });

  it('opening an existing file again is idempotent: no re-run, data kept', () => {
    rawComponent('kept');
    const again = openDatabase(t.path);
    try {
      expect(migrationRows(again.sqlite)).toBe(SHIPPED);
      expect(tableNames(again.sqlite)).toEqual(tableNames(t.sqlite));
      const row = again.sqlite.prepare("select id from components where id = 'kept'").get();
      expect(row).toEqual({ id: 'kept' });
    } finally {
      again.close();
    }
    // And a third time after the second connection closed.
    const third = openDatabase(t.path);
    try {
      expect(migrationRows(third.sqlite)).toBe(SHIPPED);
    } finally {
      third.close();
    }
  });
});

describe('openDatabase: pragmas', () => {
  it('uses WAL journaling', () => {
    expect(t.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
  });
  it('enforces foreign keys', () => {
    expect(t.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
  });
  it('waits 5 s for a lock', () => {
    expect(BUSY_TIMEOUT_MS).toBe(5000);
    expect(t.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
  });
  it('sets synchronous = NORMAL (1)', () => {
    expect(t.sqlite.pragma('synchronous', { simple: true })).toBe(1);
  });
  it('leaves a -wal file beside the database once written', () => {
    rawComponent('w');
    expect(existsSync(`${t.path}-wal`)).toBe(true);
  });
});

describe('schema constraints', () => {
  it('accepts every known component status', () => {
    rawComponent('c1');
    for (const status of ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance']) {
      t.sqlite.prepare("insert into component_status_changes (component_id, status, at, cause) values ('c1', ?, ?, 'manual')").run(status, NOW);
    }
    expect((t.sqlite.prepare('select count(*) as n from component_status_changes').get() as { n: number }).n).toBe(5);
  });

  it.each(['broken', 'OPERATIONAL', '', 'degraded'])('rejects the unknown component status %j', (status) => {
    rawComponent('c1');
    expect(() =>
      t.sqlite.prepare("insert into component_status_changes (component_id, status, at, cause) values ('c1', ?, ?, 'manual')").run(status, NOW),
    ).toThrow(/CHECK constraint failed/);
  });

  it.each(['outage', 'Incident', ''])('rejects the unknown event kind %j', (kind) => {
    expect(() => rawEvent({ kind })).toThrow(/CHECK constraint failed/);
  });

  it.each(['SEV0', 'SEV5', 'sev1', 'critical'])('rejects the unknown severity %j', (severity) => {
    expect(() => rawEvent({ severity })).toThrow(/CHECK constraint failed/);
  });

  it('accepts a null severity and each known one', () => {
    rawEvent({ id: 'n', reference: 'INC-20261122-001', severity: null });
    ['SEV1', 'SEV2', 'SEV3', 'SEV4'].forEach((severity, i) => rawEvent({ id: `s${i}`, reference: `INC-20261122-00${i + 2}`, severity }));
    expect((t.sqlite.prepare('select count(*) as n from events').get() as { n: number }).n).toBe(5);
  });

  it('rejects an incident without a start time', () => {
    expect(() => rawEvent({ started_at: null })).toThrow(/CHECK constraint failed/);
  });

  it('accepts a maintenance window whose end is after its start', () => {
    rawEvent({ kind: 'maintenance', reference: 'MNT-20261122-001', severity: null, started_at: null, scheduled_for: NOW, scheduled_until: NOW + 1 });
    expect(t.sqlite.prepare("select sort_at from events where id = 'e1'").get()).toEqual({ sort_at: NOW });
  });

  it.each([
    ['ends at its start', NOW, NOW],
    ['ends before its start', NOW, NOW - 60_000],
    ['has no end', NOW, null],
    ['has no start', null, NOW],
  ])('rejects a maintenance window that %s', (_label, from, until) => {
    expect(() =>
      rawEvent({ kind: 'maintenance', reference: 'MNT-20261122-001', severity: null, started_at: null, scheduled_for: from, scheduled_until: until }),
    ).toThrow(/CHECK constraint failed/);
  });

  it('rejects an update for an unknown event (foreign key)', () => {
    expect(() =>
      t.sqlite
        .prepare(
          `insert into event_updates (id, event_id, status, body, display_at, created_at, updated_at)
           values ('u1', 'no-such-event', 'investigating', 'x', ${NOW}, ${NOW}, ${NOW})`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY constraint failed/);
  });

  it('rejects an update with an unknown status', () => {
    rawEvent({});
    expect(() =>
      t.sqlite
        .prepare(
          `insert into event_updates (id, event_id, status, body, display_at, created_at, updated_at)
           values ('u1', 'e1', 'fixed', 'x', ${NOW}, ${NOW}, ${NOW})`,
        )
        .run(),
    ).toThrow(/CHECK constraint failed/);
  });

  it('rejects a status change for an unknown component (foreign key)', () => {
    expect(() =>
      t.sqlite.prepare("insert into component_status_changes (component_id, status, at, cause) values ('ghost', 'operational', ?, 'manual')").run(NOW),
    ).toThrow(/FOREIGN KEY constraint failed/);
  });

  it('keeps page_settings to a single row with id 1', () => {
    const insert = t.sqlite.prepare(`insert into page_settings (id, public_id, name, created_at, updated_at) values (?, 'p', 'n', ${NOW}, ${NOW})`);
    insert.run(1);
    expect(() => insert.run(2)).toThrow(/CHECK constraint failed/);
  });

  it('keeps component slugs and event references unique', () => {
    rawComponent('same');
    expect(() =>
      t.sqlite.prepare(`insert into components (id, slug, name, created_at, updated_at) values ('other', 'same', 'x', ${NOW}, ${NOW})`).run(),
    ).toThrow(/UNIQUE constraint failed/);
    rawEvent({ id: 'a' });
    expect(() => rawEvent({ id: 'b' })).toThrow(/UNIQUE constraint failed/);
  });

  it('deleting an event cascades to its updates', () => {
    rawEvent({});
    t.sqlite
      .prepare(`insert into event_updates (id, event_id, status, body, display_at, created_at, updated_at) values ('u1', 'e1', 'investigating', 'x', ${NOW}, ${NOW}, ${NOW})`)
      .run();
    t.sqlite.prepare("delete from events where id = 'e1'").run();
    expect((t.sqlite.prepare('select count(*) as n from event_updates').get() as { n: number }).n).toBe(0);
  });
});

describe('findMigrationsFolder', () => {
  it('finds db/migrations by default (from db/)', () => {
    expect(findMigrationsFolder()).toBe(MIGRATIONS);
  });

  it('finds db/migrations from the db/ folder', () => {
    expect(findMigrationsFolder(join(ROOT, 'db'))).toBe(MIGRATIONS);
  });

  it('finds db/migrations from a nested folder', () => {
    expect(findMigrationsFolder(join(ROOT, 'src', 'server', 'views'))).toBe(MIGRATIONS);
    // Where the build puts the module.
    expect(findMigrationsFolder(join(ROOT, 'dist', 'server', 'chunks'))).toBe(MIGRATIONS);
  });

  it('finds a migrations folder only when it has a journal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'beacon-mig-'));
    try {
      mkdirSync(join(dir, 'db', 'migrations'), { recursive: true }); // no meta/_journal.json
      expect(() => findMigrationsFolder(join(dir, 'db'))).toThrow(/not found/);
      mkdirSync(join(dir, 'db', 'migrations', 'meta'), { recursive: true });
      expect(() => findMigrationsFolder(join(dir, 'db'))).toThrow(/not found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('throws from the file-system root', () => {
    expect(() => findMigrationsFolder('/')).toThrow(/db\/migrations not found above \//);
  });
});
