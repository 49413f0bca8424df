import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secrets } from '../../db/schema.js';
import { installationSecret } from '../../src/server/secrets.js';
import { openDatabase } from '../../db/client.js';
import { tempDatabase, type TempDatabase } from '../helpers/db.js';

const NOW = Date.UTC(2026, 10, 22, 14, 5);

let t: TempDatabase;
beforeEach(() => {
  t = tempDatabase();
});
afterEach(() => t.dispose());

describe('installationSecret', () => {
  it('creates a 32-byte secret on first use and stores it (hex) with its creation time', () => {
    const key = installationSecret(t.db, 'subscriber-links', NOW);
    expect(key).toBeInstanceOf(Uint8Array);
    expect(key.length).toBe(32);
    const row = t.db.select().from(secrets).where(eq(secrets.name, 'subscriber-links')).get();
    expect(row).toEqual({ name: 'subscriber-links', value: Buffer.from(key).toString('hex'), createdAt: NOW });
    expect(row!.value).toMatch(/^[0-9a-f]{64}$/);
  });

  it('returns the same secret on every later call, without writing again', () => {
    const first = installationSecret(t.db, 'subscriber-links', NOW);
    const second = installationSecret(t.db, 'subscriber-links', NOW + 1_000);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(t.db.select({ n: count() }).from(secrets).get()!.n).toBe(1);
    expect(t.db.select().from(secrets).get()!.createdAt).toBe(NOW);
  });

  it('is shared by every connection to the same file (several processes agree)', () => {
    const other = openDatabase(t.path);
    try {
      const mine = installationSecret(t.db, 'subscriber-links', NOW);
      const theirs = installationSecret(other.db, 'subscriber-links', NOW + 5);
      expect(Buffer.from(theirs).equals(Buffer.from(mine))).toBe(true);
    } finally {
      other.close();
    }
  });

  it('gives distinct names distinct secrets', () => {
    const a = installationSecret(t.db, 'subscriber-links', NOW);
    const b = installationSecret(t.db, 'something-else', NOW);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(t.db.select({ n: count() }).from(secrets).get()!.n).toBe(2);
  });

  it('differs between installations', () => {
    const other = tempDatabase();
    try {
      const a = installationSecret(t.db, 'subscriber-links', NOW);
      const b = installationSecret(other.db, 'subscriber-links', NOW);
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    } finally {
      other.dispose();
    }
  });
});
