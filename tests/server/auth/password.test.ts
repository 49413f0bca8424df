import { describe, expect, it } from 'vitest';
import {
  hashPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  passwordProblem,
  verifyPassword,
} from '../../../src/server/auth/password.js';

const PHC = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/;

describe('hashPassword', () => {
  it('makes an Argon2id PHC string with OWASP parameters (19 MiB, 2 passes, 1 lane)', async () => {
    expect(await hashPassword('correct horse battery')).toMatch(PHC);
  });

  it('salts: the same password hashes differently each time', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct horse battery');
  });
});

describe('verifyPassword', () => {
  it('is true for the right password and false for any other', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse batterY')).toBe(false);
    expect(await verifyPassword(hash, 'correct horse battery ')).toBe(false);
    expect(await verifyPassword(hash, '')).toBe(false);
  });

  it('handles non-ASCII passwords exactly', async () => {
    const hash = await hashPassword('ünïcødé pässwörd 🔑');
    expect(await verifyPassword(hash, 'ünïcødé pässwörd 🔑')).toBe(true);
    expect(await verifyPassword(hash, 'unicode password 🔑')).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['not a hash', 'nonsense'],
    ['truncated PHC', '$argon2id$v=19$m=19456,t=2,p=1$broken'],
    ['bcrypt', '$2b$12$C6UzMDM.H6dfI/f/IKcEeO5eDnXq2DdL.xE5qY8RzG9Kz6xWm8Q7i'],
    ['bad parameters', '$argon2id$v=19$m=x,t=2,p=1$c29tZXNhbHQ$c29tZWhhc2g'],
  ])('is false, without throwing, for a malformed hash (%s)', async (_label, bad) => {
    await expect(verifyPassword(bad, 'correct horse battery')).resolves.toBe(false);
  });
});

describe('passwordProblem', () => {
  it('asks for at least 12 and at most 256 characters', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(12);
    expect(MAX_PASSWORD_LENGTH).toBe(256);
  });

  it('refuses 11 characters and accepts 12', () => {
    expect(passwordProblem('a'.repeat(11))).toBe('Use at least 12 characters.');
    expect(passwordProblem('a'.repeat(12))).toBeNull();
    expect(passwordProblem('')).toBe('Use at least 12 characters.');
  });

  it('counts characters (code points), not UTF-16 units, for the minimum', () => {
    // Each emoji is two UTF-16 units: 11 of them are 22 units but only 11 characters.
    expect('🔑'.repeat(11).length).toBe(22);
    expect(passwordProblem('🔑'.repeat(11))).toBe('Use at least 12 characters.');
    expect(passwordProblem('🔑'.repeat(12))).toBeNull();
  });

  it('accepts 256 characters and refuses 257', () => {
    expect(passwordProblem('a'.repeat(256))).toBeNull();
    expect(passwordProblem('a'.repeat(257))).toBe('Use at most 256 characters.');
  });

  // Regression: the maximum used to count UTF-16 units while the minimum counted code points.
  it('counts characters (code points) for the maximum too', () => {
    expect(passwordProblem('🔑'.repeat(129))).toBeNull();
    expect(passwordProblem('🔑'.repeat(256))).toBeNull();
    expect(passwordProblem('🔑'.repeat(257))).toBe('Use at most 256 characters.');
  });
});
