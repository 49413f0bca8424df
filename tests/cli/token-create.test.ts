import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { apiTokens, auditLog } from '../../db/schema.js';
import { hashToken } from '../../src/server/auth/tokens.js';
import { findLiveApiToken } from '../../src/server/read/api-tokens.js';
import { tempDatabasePath } from '../helpers/db.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function tokenCreate(databasePath: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/token-create.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: databasePath },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function stored(path: string) {
  const h = openDatabase(path);
  try {
    return { tokens: h.db.select().from(apiTokens).all(), audit: h.db.select().from(auditLog).all() };
  } finally {
    h.close();
  }
}

describe('npm run token:create', () => {
  let cleanup = (): void => {};
  afterEach(() => cleanup());

  it('prints the token once, as the last line, and stores only its hash', () => {
    const db = tempDatabasePath();
    cleanup = db.cleanup;
    const r = tokenCreate(db.path, ['--name', ' deploy pipeline ', '--scope', 'write']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const secret = lines.at(-1)!;
    expect(secret).toMatch(/^bcn_[A-Za-z0-9_-]{20,}$/);
    expect(r.stdout.split(secret)).toHaveLength(2);
    const { tokens, audit } = stored(db.path);
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ name: 'deploy pipeline', scope: 'write', tokenHash: hashToken(secret), createdBy: null, revokedAt: null });
    expect(lines[0]).toBe(`Created write token “deploy pipeline” (${tokens[0]!.id}). It is shown once, below; store it now.`);
    expect(JSON.stringify(tokens)).not.toContain(secret);
    expect(audit.map((a) => [a.action, a.actorLabel])).toEqual([['api_token.created', 'system']]);
    const h = openDatabase(db.path);
    try {
      expect(findLiveApiToken(h.db, secret)?.id).toBe(tokens[0]!.id);
    } finally {
      h.close();
    }
  });

  it('refuses a blank name with exit 1 and the reason, printing no token', () => {
    const db = tempDatabasePath();
    cleanup = db.cleanup;
    const r = tokenCreate(db.path, ['--name', '   ', '--scope', 'read']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('Give the token a name that says what uses it, e.g. “deploy pipeline”.');
    expect(r.stdout).toBe('');
    expect(stored(db.path).tokens).toHaveLength(0);
  });

  it.each([
    [['--name', 'ci'], 'Give both --name and --scope.'],
    [['--scope', 'read'], 'Give both --name and --scope.'],
    [['--name', 'ci', '--scope', 'admin'], '“admin” is not a scope; choose read, write, alerts.'],
    [['--name', 'ci', '--scope', 'read', '--bogus'], "Unknown option '--bogus'"],
    [['--name', 'ci', '--scope', 'read', 'extra'], "Unexpected argument 'extra'"],
  ])('refuses %j with a clear message, the usage and exit code 2, creating nothing', (args, reason) => {
    const db = tempDatabasePath();
    cleanup = db.cleanup;
    const r = tokenCreate(db.path, args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(reason);
    expect(r.stderr).toContain('Usage: npm run token:create -- --name NAME --scope read|write|alerts');
    expect(r.stdout).toBe('');
    expect(stored(db.path).tokens).toHaveLength(0);
  });
});
