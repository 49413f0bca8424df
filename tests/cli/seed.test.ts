import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { openDatabase } from '../../db/client.js';
import { components, events, pageSettings } from '../../db/schema.js';
import { tempDatabasePath } from '../helpers/db.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function seed(databasePath: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/seed.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: databasePath },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function counts(path: string): { components: number; events: number; name: string | undefined } {
  const h = openDatabase(path);
  try {
    return {
      components: h.db.select({ n: count() }).from(components).get()!.n,
      events: h.db.select({ n: count() }).from(events).get()!.n,
      name: h.db.select({ name: pageSettings.name }).from(pageSettings).get()?.name,
    };
  } finally {
    h.close();
  }
}

describe('npm run seed -- --demo', () => {
  let cleanup = (): void => {};
  afterEach(() => cleanup());

  it('creates the database file and fills it with the demo page', () => {
    const db = tempDatabasePath();
    cleanup = db.cleanup;
    const r = seed(db.path, '--demo');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('15 components, 9 incidents and maintenance');
    expect(counts(db.path)).toEqual({ components: 15, events: 9, name: 'Acme Cloud' });
  });

  it('leaves an existing page alone when run again, and replaces it with --reset', () => {
    const db = tempDatabasePath();
    cleanup = db.cleanup;
    expect(seed(db.path, '--demo').status).toBe(0);
    const again = seed(db.path, '--demo');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('already has a page');
    expect(counts(db.path).events).toBe(9);

    const reset = seed(db.path, '--demo', '--reset');
    expect(reset.status).toBe(0);
    expect(counts(db.path)).toEqual({ components: 15, events: 9, name: 'Acme Cloud' });
  });

  it.each([[[]], [['--bogus']], [['--demo', 'extra']]])('refuses %j with usage and exit code 2', (args) => {
    const db = tempDatabasePath();
    cleanup = db.cleanup;
    const r = seed(db.path, ...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Usage: npm run seed -- --demo');
  });
});
