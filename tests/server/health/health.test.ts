import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../db/client.js';
import { checkHealth, healthResponse, type HealthCheck, type HealthDeps } from '../../../src/server/health/health.js';
import { shippedMigrations } from '../../../src/server/health/migrations.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';

let t: TempDatabase;
beforeEach(() => {
  t = tempDatabase();
});
afterEach(() => t.dispose());

const deps = (over: Partial<HealthDeps> = {}): HealthDeps => ({
  open: () => t,
  shipped: shippedMigrations,
  version: '1.0.0',
  uptimeSeconds: 5,
  checks: [],
  ...over,
});

/** A file of bytes that are not SQLite's, in a folder of its own. */
function garbageFile(): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'beacon-corrupt-'));
  const path = join(dir, 'beacon.db');
  writeFileSync(path, 'this is not a database, just text long enough to fill a header '.repeat(100));
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('checkHealth against a database', () => {
  it('is healthy on a freshly migrated database', async () => {
    const report = checkHealth(deps());
    expect(report.status).toBe('ok');
    const latest = shippedMigrations().at(-1)!;
    expect(report.database).toEqual({
      reachable: true,
      error: null,
      migration: {
        applied: { count: shippedMigrations().length, tag: latest.tag, hash: latest.hash },
        latest: { count: shippedMigrations().length, tag: latest.tag, hash: latest.hash },
        pending: 0,
      },
    });
    const res = healthResponse(report);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toMatchObject({ status: 'ok', version: '1.0.0', uptimeSeconds: 5 });
  });

  it('is unhealthy (503) with the error when the connection is closed', async () => {
    t.close();
    const res = healthResponse(checkHealth(deps()));
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; database: { reachable: boolean; error: string } };
    expect(body.status).toBe('error');
    expect(body.database.reachable).toBe(false);
    expect(body.database.error).toMatch(/not open/i);
  });

  it('is unhealthy with SQLite\'s message when the file is not a database and cannot be opened', () => {
    const file = garbageFile();
    try {
      const report = checkHealth(deps({ open: () => openDatabase(file.path) }));
      expect(report.status).toBe('error');
      expect(report.database.reachable).toBe(false);
      expect(report.database.error).toMatch(/not a database/);
    } finally {
      file.cleanup();
    }
  });

  it('notices a database it cannot read even when `select 1` still answers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'beacon-locked-'));
    const path = join(dir, 'locked.db');
    // Another process holds the file exclusively; our connection does not wait (timeout 0).
    const holder = new Database(path);
    holder.exec('create table t (a)');
    const reader = new Database(path, { timeout: 0 });
    try {
      reader.prepare('select count(*) from sqlite_master').get();
      holder.exec('begin exclusive');
      expect(reader.prepare('select 1 as one').get()).toEqual({ one: 1 });
      const handle: DatabaseHandle = { sqlite: reader, db: drizzle(reader) as unknown as DatabaseHandle['db'], close: () => reader.close() };
      const report = checkHealth(deps({ open: () => handle }));
      expect(report.status).toBe('error');
      expect(report.database.reachable).toBe(false);
      expect(report.database.error).toMatch(/locked/);
    } finally {
      reader.close();
      holder.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is unhealthy when the database is behind the shipped migrations', () => {
    // As if this database had been restored from before the newest migration.
    const newest = shippedMigrations().at(-1)!;
    t.sqlite.prepare('delete from __drizzle_migrations where hash = ?').run(newest.hash);
    const report = checkHealth(deps());
    expect(report.status).toBe('error');
    expect(report.database.reachable).toBe(true);
    expect(report.database.migration?.pending).toBe(1);
    expect(report.database.migration?.applied.count).toBe(shippedMigrations().length - 1);
    expect(report.checks.migrations?.ok).toBe(false);
  });

  it('is unhealthy when this build ships a migration the database lacks', () => {
    const next = { tag: '9999_future', when: Date.now() + 1_000_000, hash: 'f'.repeat(64) };
    const report = checkHealth(deps({ shipped: () => [...shippedMigrations(), next] }));
    expect(report.status).toBe('error');
    expect(report.database.migration?.latest).toEqual({ count: shippedMigrations().length + 1, tag: '9999_future', hash: next.hash });
    expect(report.checks.migrations?.detail).toContain('latest 9999_future');
  });

  it('is unhealthy when the journal cannot be read, saying why', () => {
    const report = checkHealth(
      deps({
        shipped: () => {
          throw new Error("Can't find meta/_journal.json file");
        },
      }),
    );
    expect(report.status).toBe('error');
    expect(report.database).toEqual({ reachable: true, error: "Can't find meta/_journal.json file", migration: null });
  });
});

describe('further checks', () => {
  const passing: HealthCheck = { name: 'queue', run: (h) => ({ ok: h === t, detail: 'given the handle' }) };
  const throwing: HealthCheck = {
    name: 'broken',
    run: () => {
      throw new Error('boom');
    },
  };

  it('run with the database handle and appear under checks', () => {
    const report = checkHealth(deps({ checks: [passing] }));
    expect(report.status).toBe('ok');
    expect(report.checks.queue).toEqual({ ok: true, detail: 'given the handle' });
  });

  it('fail the report with their message when they throw', () => {
    const report = checkHealth(deps({ checks: [passing, throwing] }));
    expect(report.status).toBe('error');
    expect(report.checks.broken).toEqual({ ok: false, detail: 'boom' });
  });

  it('are not run when the database is unreachable', () => {
    t.close();
    const report = checkHealth(deps({ checks: [passing] }));
    expect(report.checks.queue).toEqual({ ok: false, detail: 'Not checked: the database is unreachable.' });
  });
});
