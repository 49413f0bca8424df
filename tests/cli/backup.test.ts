import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDatabasePath } from '../helpers/db.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function tempPath(): string {
  const t = tempDatabasePath();
  cleanups.push(t.cleanup);
  return t.path;
}

/** Every row of every table (SQLite's internal ones aside), in a stable order. */
function dump(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    const tables = (db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[]).map((t) => t.name);
    // By the first two columns, or the only one (open_events has one).
    const order = (t: string): string => (db.prepare(`select count(*) from pragma_table_info('${t}')`).pluck().get() as number) > 1 ? '1, 2' : '1';
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`select * from "${t}" order by ${order(t)}`).all()]));
  } finally {
    db.close();
  }
}

describe('npm run backup', () => {
  it('copies the live database whole while another connection keeps writing', async () => {
    const live = tempPath();
    const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/seed.ts', '--demo'], { cwd: ROOT, env: { ...process.env, DATABASE_PATH: live }, encoding: 'utf8', timeout: 60_000 });
    expect(seeded.status, seeded.stderr).toBe(0);

    // A writer busy in the background, as a running server would be.
    const writer = new Database(live);
    writer.pragma('busy_timeout = 5000');
    let writes = 0;
    const timer = setInterval(() => {
      writer.prepare("insert into audit_log (at, actor_label, action, object_type) values (?, 'test', 'tick', 'test')").run(Date.now());
      writes++;
    }, 5);
    const copy = tempPath();
    const result = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/backup.ts', copy], { cwd: ROOT, env: { ...process.env, DATABASE_PATH: live } });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('exit', (code) => resolve({ code, out }));
    });
    clearInterval(timer);
    expect(result.code, result.out).toBe(0);
    expect(result.out).toMatch(/^Backed up \d+ pages to /);
    expect(writes).toBeGreaterThan(0);

    // The copy is a consistent database with every table; its audit log is a prefix of the live one.
    const restored = dump(copy);
    const now = dump(live);
    writer.close();
    expect(Object.keys(restored)).toEqual(Object.keys(now));
    for (const table of Object.keys(now)) {
      if (table === 'audit_log') expect(now[table]!.slice(0, restored[table]!.length)).toEqual(restored[table]);
      else expect(restored[table], table).toEqual(now[table]);
    }
    expect(new Database(copy, { readonly: true }).pragma('integrity_check', { simple: true })).toBe('ok');
  }, 90_000);

  it('says what is wrong without a target or a database', () => {
    const noArg = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/backup.ts'], { cwd: ROOT, env: process.env, encoding: 'utf8' });
    expect(noArg.status).toBe(2);
    expect(noArg.stderr).toContain('Usage: npm run backup -- <file>');
    const missing = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/backup.ts', tempPath()], { cwd: ROOT, env: { ...process.env, DATABASE_PATH: tempPath() }, encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('There is no database at');
  });
});
