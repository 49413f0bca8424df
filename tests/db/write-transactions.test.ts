import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { writeTransaction } from '../../db/client.js';
import { tempDatabase } from '../helpers/db.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : /\.(ts|astro)$/.test(e.name) ? [join(dir, e.name)] : []));
}

describe('write transactions', () => {
  it('are all taken through writeTransaction (IMMEDIATE), never a deferred db.transaction', () => {
    const offenders = sources(join(ROOT, 'src')).filter((f) => /\.transaction\(/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('wait out the busy timeout for another writer (not fail at once), and roll back whole on error', () => {
    const t = tempDatabase();
    const other = new Database(t.path);
    try {
      const insert = (tx: typeof t.db, at: number): void => void tx.run(sql`insert into audit_log (at, actor_label, action, object_type) values (${at}, 'a', 'b', 'c')`);
      t.sqlite.pragma('busy_timeout = 300');
      other.prepare('begin immediate').run();
      const started = Date.now();
      expect(() => writeTransaction(t.db, (tx) => insert(tx, 1))).toThrow(/locked|busy/i);
      // A deferred transaction would have failed on its first write without waiting.
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      other.prepare('rollback').run();
      writeTransaction(t.db, (tx) => insert(tx, 2));
      expect(() =>
        writeTransaction(t.db, (tx) => {
          insert(tx, 3);
          throw new Error('refused');
        }),
      ).toThrow('refused');
      expect(t.sqlite.prepare('select at from audit_log').all()).toEqual([{ at: 2 }]);
    } finally {
      other.close();
      t.dispose();
    }
  });
});
