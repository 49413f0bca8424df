import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDatabasePath } from '../helpers/db.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function migrate(databasePath: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/migrate.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: databasePath },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run migrate', () => {
  let cleanup = (): void => {};
  afterEach(() => cleanup());

  it('creates the database, with missing folders, and applies the migrations', () => {
    const db = tempDatabasePath();
    cleanup = db.cleanup;
    const path = `${dirname(db.path)}/nested/deeper/beacon.db`;
    const r = migrate(path);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Database ready at .*nested\/deeper\/beacon\.db \(\d+ migrations? applied\)/);
    expect(existsSync(path)).toBe(true);
    expect(migrate(path).status).toBe(0);
  });

  it('fails with a readable message when the file is not a database', () => {
    const db = tempDatabasePath();
    cleanup = db.cleanup;
    mkdirSync(dirname(db.path), { recursive: true });
    writeFileSync(db.path, 'this is not a database, just text that is long enough to have a header'.repeat(20));
    const r = migrate(db.path);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`Cannot open the database at ${db.path}: file is not a database`);
  });
});
