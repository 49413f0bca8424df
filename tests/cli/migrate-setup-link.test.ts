import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { setupTokens } from '../../db/schema.js';
import { SYSTEM } from '../../src/server/audit.js';
import { isSetupTokenValid } from '../../src/server/auth/setup.js';
import { createUser } from '../../src/server/auth/users.js';
import { tempDatabasePath } from '../helpers/db.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function migrate(databasePath: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/migrate.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: databasePath, PUBLIC_URL: '', HOST: '127.0.0.1', PORT: '4999', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const LINK = /No admin account yet\. Create the owner within 24 hours at:\n {2}(\S+)\/admin\/setup\/([a-z0-9]{32})\n/;

describe('npm run migrate: the first-owner setup link', () => {
  let cleanup = (): void => {};
  afterEach(() => cleanup());

  it('prints a one-time setup link while no account exists, and the link works', () => {
    const db = tempDatabasePath();
    cleanup = db.cleanup;
    const r = migrate(db.path);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const m = LINK.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(m![1]).toBe('http://127.0.0.1:4999');
    const h = openDatabase(db.path);
    try {
      expect(isSetupTokenValid(h.db, m![2]!, Date.now())).toBe(true);
      expect(isSetupTokenValid(h.db, m![2]!, Date.now() + 25 * 3_600_000)).toBe(false);
    } finally {
      h.close();
    }
  });

  it('uses PUBLIC_URL for the link when set', () => {
    const db = tempDatabasePath();
    cleanup = db.cleanup;
    const r = migrate(db.path, { PUBLIC_URL: 'https://status.example.com/' });
    expect(r.stdout).toMatch(/\n {2}https:\/\/status\.example\.com\/admin\/setup\/[a-z0-9]{32}\n/);
  });

  it('prints no link once an account exists, and stores no token', async () => {
    const db = tempDatabasePath();
    cleanup = db.cleanup;
    const h = openDatabase(db.path);
    try {
      await createUser(h.db, { email: 'ana@example.com', name: 'Ana', role: 'owner', password: 'correct horse battery' }, SYSTEM, Date.now());
    } finally {
      h.close();
    }
    const r = migrate(db.path);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Database ready at /);
    expect(r.stdout).not.toContain('No admin account yet');
    expect(r.stdout).not.toContain('/admin/setup/');
    const again = openDatabase(db.path);
    try {
      expect(again.db.select().from(setupTokens).all()).toEqual([]);
    } finally {
      again.close();
    }
  });
});
