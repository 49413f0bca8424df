import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { auditLog, users } from '../../db/schema.js';
import { verifyPassword } from '../../src/server/auth/password.js';
import { tempDatabasePath } from '../helpers/db.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PASSWORD = 'correct horse battery staple';

function userCreate(databasePath: string, args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/user-create.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: databasePath },
    encoding: 'utf8',
    input: input ?? '',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function stored(path: string) {
  const h = openDatabase(path);
  try {
    return { users: h.db.select().from(users).all(), audit: h.db.select().from(auditLog).all() };
  } finally {
    h.close();
  }
}

describe('npm run user:create', () => {
  let cleanup = (): void => {};
  afterEach(() => cleanup());

  it('creates the account with the piped password and a lower-cased email', async () => {
    const db = tempDatabasePath();
    cleanup = db.cleanup;
    const r = userCreate(db.path, ['--email', ' Ana@Example.COM ', '--role', 'editor', '--name', 'Ana Lima'], `${PASSWORD}\nignored second line\n`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const { users: rows, audit } = stored(db.path);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ email: 'ana@example.com', name: 'Ana Lima', role: 'editor' });
    expect(r.stdout).toBe(`Created editor ana@example.com (${rows[0]!.id}).\n`);
    expect(await verifyPassword(rows[0]!.passwordHash, PASSWORD)).toBe(true);
    // The password is never echoed when it was piped.
    expect(r.stdout).not.toContain(PASSWORD);
    expect(audit.map((a) => [a.action, a.actorId, a.actorLabel])).toEqual([['user.created', null, 'system']]);
  });

  it('defaults the name to the email’s local part and accepts a CRLF line ending', async () => {
    const db = tempDatabasePath();
    cleanup = db.cleanup;
    const r = userCreate(db.path, ['--email', 'ben@example.com', '--role', 'viewer'], `${PASSWORD}\r\n`);
    expect(r.status).toBe(0);
    const row = stored(db.path).users[0]!;
    expect(row).toMatchObject({ email: 'ben@example.com', name: 'ben', role: 'viewer' });
    expect(await verifyPassword(row.passwordHash, PASSWORD)).toBe(true);
  });

  it('reads a password piped without a trailing newline', async () => {
    const db = tempDatabasePath();
    cleanup = db.cleanup;
    expect(userCreate(db.path, ['--email', 'cy@example.com', '--role', 'owner'], PASSWORD).status).toBe(0);
    expect(await verifyPassword(stored(db.path).users[0]!.passwordHash, PASSWORD)).toBe(true);
  });

  it('refuses a duplicate email (in any case) with exit 1 and a message', () => {
    const db = tempDatabasePath();
    cleanup = db.cleanup;
    expect(userCreate(db.path, ['--email', 'ana@example.com', '--role', 'editor'], PASSWORD).status).toBe(0);
    const r = userCreate(db.path, ['--email', 'ANA@example.com', '--role', 'owner'], PASSWORD);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('There is already an account for ana@example.com.');
    expect(r.stdout).toBe('');
    expect(stored(db.path).users.map((u) => u.role)).toEqual(['editor']);
  });

  it('refuses a short password with exit 1', () => {
    const db = tempDatabasePath();
    cleanup = db.cleanup;
    const r = userCreate(db.path, ['--email', 'ana@example.com', '--role', 'editor'], 'elevenchars\n');
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('Use at least 12 characters.');
    expect(stored(db.path).users).toHaveLength(0);
  });

  it('refuses an empty stdin and an unknown role with exit 1', () => {
    const db = tempDatabasePath();
    cleanup = db.cleanup;
    const empty = userCreate(db.path, ['--email', 'ana@example.com', '--role', 'editor'], '');
    expect(empty.status).toBe(1);
    expect(empty.stderr).toContain('Use at least 12 characters.');
    const role = userCreate(db.path, ['--email', 'ana@example.com', '--role', 'admin'], PASSWORD);
    expect(role.status).toBe(1);
    expect(role.stderr.trim()).toBe('Choose owner, editor, viewer or reader.');
    expect(stored(db.path).users).toHaveLength(0);
  });

  it.each([
    [['--email', 'ana@example.com']],
    [['--role', 'owner']],
    [[]],
    [['--email', 'ana@example.com', '--role', 'owner', '--bogus']],
    [['--email', 'ana@example.com', '--role', 'owner', 'extra']],
  ])('refuses %j with usage and exit code 2, creating nothing', (args) => {
    const db = tempDatabasePath();
    cleanup = db.cleanup;
    const r = userCreate(db.path, args, PASSWORD);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Usage: npm run user:create -- --email ADDRESS --role owner|editor|viewer|reader [--name NAME]');
    expect(r.stdout).toBe('');
    expect(stored(db.path).users).toHaveLength(0);
  });
});
