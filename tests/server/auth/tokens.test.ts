import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../src/server/audit.js';
import { createSession } from '../../../src/server/auth/session.js';
import { generateToken, hashToken } from '../../../src/server/auth/tokens.js';
import { createUser } from '../../../src/server/auth/users.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';

const NOW = Date.UTC(2026, 4, 13, 12, 0);

describe('generateToken', () => {
  it('is 32 lower-case base32 characters: 160 bits (20 bytes) of entropy', () => {
    for (let i = 0; i < 50; i++) {
      const token = generateToken();
      expect(token).toMatch(/^[a-z2-7]{32}$/);
      // 32 base32 characters carry 32 × 5 = 160 bits.
      expect(token.length * 5).toBeGreaterThanOrEqual(20 * 8);
    }
  });

  it('never repeats, and uses the whole alphabet (it is random, not a counter)', () => {
    const tokens = Array.from({ length: 2000 }, () => generateToken());
    expect(new Set(tokens).size).toBe(tokens.length);
    const alphabet = new Set(tokens.join(''));
    expect([...alphabet].sort().join('')).toBe('234567abcdefghijklmnopqrstuvwxyz');
    // No shared prefix between consecutive tokens beyond chance.
    const samePrefix = tokens.slice(1).filter((t, i) => t.slice(0, 4) === tokens[i]!.slice(0, 4)).length;
    expect(samePrefix).toBeLessThan(3);
  });
});

describe('hashToken', () => {
  it('is the SHA-256 of the token as 64 lower-case hex characters', () => {
    const token = generateToken();
    const hash = hashToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(createHash('sha256').update(token, 'utf8').digest('hex'));
  });

  it('is deterministic, and differs for different tokens', () => {
    const a = generateToken();
    const b = generateToken();
    expect(hashToken(a)).toBe(hashToken(a));
    expect(hashToken(a)).not.toBe(hashToken(b));
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('stored sessions', () => {
  let t: TempDatabase;
  beforeEach(() => {
    t = tempDatabase();
  });
  afterEach(() => t.dispose());

  it('keep only the hash of the token, never the token itself', async () => {
    const { id } = await createUser(t.db, { email: 'ana@example.com', name: 'Ana', role: 'owner', password: 'correct horse battery' }, SYSTEM, NOW);
    const { token, session } = createSession(t.db, id, NOW);
    expect(session.id).toBe(hashToken(token));
    const rows = t.sqlite.prepare('select * from sessions').all() as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(hashToken(token));
    for (const value of Object.values(rows[0]!)) expect(String(value)).not.toContain(token);
    // Nowhere else in the file's tables either.
    const tables = t.sqlite.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[];
    for (const { name } of tables) {
      const all = JSON.stringify(t.sqlite.prepare(`select * from "${name}"`).all());
      expect(all, `table ${name}`).not.toContain(token);
    }
  });
});
