import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, users } from '../../../db/schema.js';
import { SYSTEM } from '../../../src/server/audit.js';
import { verifyPassword } from '../../../src/server/auth/password.js';
import { countUsers, createUser, findUserByEmail, newUserProblems, normaliseEmail } from '../../../src/server/auth/users.js';
import { RejectedError } from '../../../src/server/write/events.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';

const NOW = Date.UTC(2026, 4, 13, 12, 0);
const GOOD = { email: 'ana@example.com', name: 'Ana Lima', role: 'editor', password: 'correct horse battery' };

let t: TempDatabase;
beforeEach(() => {
  t = tempDatabase();
});
afterEach(() => t.dispose());

describe('normaliseEmail', () => {
  it('trims and lower-cases', () => {
    expect(normaliseEmail('  Ana@Example.COM \n')).toBe('ana@example.com');
  });
});

describe('newUserProblems', () => {
  it('is empty for acceptable input', () => {
    expect(newUserProblems(GOOD)).toEqual({});
    expect(newUserProblems({ ...GOOD, email: ' ANA@EXAMPLE.COM ', role: 'owner' })).toEqual({});
  });

  it.each(['ana', 'ana@', '@example.com', 'ana@example', 'a na@example.com', 'ana@@example.com', ''])('refuses the email %j', (email) => {
    expect(newUserProblems({ ...GOOD, email })).toEqual({ email: 'Enter an email address such as ana@example.com.' });
  });

  it('refuses an empty or over-long name', () => {
    expect(newUserProblems({ ...GOOD, name: '   ' }).name).toBe('Enter a name of up to 100 characters.');
    expect(newUserProblems({ ...GOOD, name: 'x'.repeat(101) }).name).toBe('Enter a name of up to 100 characters.');
    expect(newUserProblems({ ...GOOD, name: 'x'.repeat(100) })).toEqual({});
  });

  it('refuses an unknown role and a short password, reporting every problem', () => {
    expect(newUserProblems({ email: 'x', name: '', role: 'admin', password: 'short' })).toEqual({
      email: 'Enter an email address such as ana@example.com.',
      name: 'Enter a name of up to 100 characters.',
      role: 'Choose owner, editor, viewer or reader.',
      password: 'Use at least 12 characters.',
    });
  });
});

describe('createUser', () => {
  it('stores the account with a lower-cased email, a trimmed name and an Argon2id hash, and audits it', async () => {
    const { id } = await createUser(t.db, { ...GOOD, email: ' Ana@Example.COM ', name: '  Ana Lima ' }, { id: null, label: 'cli' }, NOW);
    expect(id).toMatch(/^[0-9a-z]{12}$/);
    const row = t.db.select().from(users).get()!;
    expect(row).toMatchObject({ id, email: 'ana@example.com', name: 'Ana Lima', role: 'editor', createdAt: NOW, updatedAt: NOW });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.passwordHash, GOOD.password)).toBe(true);
    const audit = t.db.select().from(auditLog).all();
    expect(audit).toEqual([
      {
        id: expect.any(Number),
        at: NOW,
        actorId: null,
        actorLabel: 'cli',
        action: 'user.created',
        objectType: 'user',
        objectId: id,
        diff: JSON.stringify({ email: 'ana@example.com', role: 'editor' }),
      },
    ]);
    expect(JSON.stringify(audit)).not.toContain(GOOD.password);
  });

  it('refuses a second account for the same email in any case, writing nothing', async () => {
    await createUser(t.db, GOOD, SYSTEM, NOW);
    await expect(createUser(t.db, { ...GOOD, email: 'ANA@example.com', role: 'viewer' }, SYSTEM, NOW)).rejects.toThrow(
      new RejectedError('There is already an account for ana@example.com.'),
    );
    expect(countUsers(t.db)).toBe(1);
    expect(t.db.select().from(auditLog).all()).toHaveLength(1);
  });

  it('refuses invalid input with a RejectedError and writes nothing', async () => {
    const attempt = createUser(t.db, { ...GOOD, role: 'admin', password: 'short' }, SYSTEM, NOW);
    await expect(attempt).rejects.toBeInstanceOf(RejectedError);
    await expect(attempt).rejects.toThrow('Choose owner, editor, viewer or reader. Use at least 12 characters.');
    expect(countUsers(t.db)).toBe(0);
    expect(t.db.select().from(auditLog).all()).toHaveLength(0);
  });
});

describe('countUsers / findUserByEmail', () => {
  it('count accounts and find them by email in any case', async () => {
    expect(countUsers(t.db)).toBe(0);
    expect(findUserByEmail(t.db, 'ana@example.com')).toBeUndefined();
    const { id } = await createUser(t.db, GOOD, SYSTEM, NOW);
    await createUser(t.db, { ...GOOD, email: 'ben@example.com' }, SYSTEM, NOW);
    expect(countUsers(t.db)).toBe(2);
    expect(findUserByEmail(t.db, ' ANA@example.com ')?.id).toBe(id);
    expect(findUserByEmail(t.db, 'ana@example.org')).toBeUndefined();
  });
});
