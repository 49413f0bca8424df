import { describe, expect, it } from 'vitest';
import type { MigrationState } from '../../../src/server/health/migrations.js';
import { assembleHealth, healthHttpStatus, type DatabaseProbe } from '../../../src/server/health/report.js';

const UP_TO_DATE: MigrationState = {
  applied: { count: 2, tag: '0001_more', hash: 'h1' },
  latest: { count: 2, tag: '0001_more', hash: 'h1' },
  pending: 0,
};

const reachable = (migration: MigrationState): DatabaseProbe => ({ reachable: true, error: null, migration });

describe('assembleHealth', () => {
  it('is ok and 200 when the database answers and is up to date', () => {
    const report = assembleHealth({ version: '1.2.3', uptimeSeconds: 42, database: reachable(UP_TO_DATE), checks: [] });
    expect(report.status).toBe('ok');
    expect(healthHttpStatus(report)).toBe(200);
    expect(report.version).toBe('1.2.3');
    expect(report.uptimeSeconds).toBe(42);
    expect(report.database).toEqual({ reachable: true, error: null, migration: UP_TO_DATE });
    expect(report.checks.database?.ok).toBe(true);
    expect(report.checks.migrations).toEqual({ ok: true, detail: 'Up to date at 0001_more (2 migrations applied).' });
  });

  it('is an error and 503 with the message when the database is unreachable', () => {
    const report = assembleHealth({
      version: '1.2.3',
      uptimeSeconds: 1,
      database: { reachable: false, error: 'file is not a database', migration: null },
      checks: [],
    });
    expect(report.status).toBe('error');
    expect(healthHttpStatus(report)).toBe(503);
    expect(report.database.error).toBe('file is not a database');
    expect(report.checks.database).toEqual({ ok: false, detail: 'file is not a database' });
    expect(report.checks.migrations).toEqual({ ok: false, detail: 'Not checked: the database is unreachable.' });
  });

  it('is an error when the database is behind this build', () => {
    const behind: MigrationState = { ...UP_TO_DATE, applied: { count: 1, tag: '0000_init', hash: 'h0' }, pending: 1 };
    const report = assembleHealth({ version: 'v', uptimeSeconds: 0, database: reachable(behind), checks: [] });
    expect(report.status).toBe('error');
    expect(healthHttpStatus(report)).toBe(503);
    expect(report.checks.database?.ok).toBe(true);
    expect(report.checks.migrations?.ok).toBe(false);
    expect(report.checks.migrations?.detail).toContain('1 migration pending (newest applied 0000_init, latest 0001_more)');
  });

  it('is an error when the applied migrations cannot be read', () => {
    const report = assembleHealth({
      version: 'v',
      uptimeSeconds: 0,
      database: { reachable: true, error: 'no such column: hash', migration: null },
      checks: [],
    });
    expect(report.status).toBe('error');
    expect(report.checks.database?.ok).toBe(true);
    expect(report.checks.migrations).toEqual({ ok: false, detail: 'Cannot read the applied migrations: no such column: hash' });
  });

  it('stays ok when the database was migrated by a newer build (a rollback must not take the page down)', () => {
    const ahead: MigrationState = { ...UP_TO_DATE, applied: { count: 3, tag: null, hash: 'h2' } };
    const report = assembleHealth({ version: 'v', uptimeSeconds: 0, database: reachable(ahead), checks: [] });
    expect(report.status).toBe('ok');
    expect(report.checks.migrations?.detail).toBe('The newest applied migration (h2) is not one this build ships.');
  });

  it('reports further checks by name, and any failing one makes the whole report fail', () => {
    const passing = assembleHealth({
      version: 'v',
      uptimeSeconds: 0,
      database: reachable(UP_TO_DATE),
      checks: [{ name: 'outbox', result: { ok: true, detail: 'fine' } }],
    });
    expect(passing.status).toBe('ok');
    expect(Object.keys(passing.checks)).toEqual(['database', 'migrations', 'outbox']);
    const failing = assembleHealth({
      version: 'v',
      uptimeSeconds: 0,
      database: reachable(UP_TO_DATE),
      checks: [{ name: 'outbox', result: { ok: false, detail: 'stuck' } }],
    });
    expect(failing.status).toBe('error');
    expect(failing.checks.outbox).toEqual({ ok: false, detail: 'stuck' });
  });
});
