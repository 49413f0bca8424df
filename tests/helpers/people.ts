import { beforeAll } from 'vitest';
import type { Db } from '../../db/client.js';
import { SYSTEM } from '../../src/server/audit.js';
import { hashPassword } from '../../src/server/auth/password.js';
import { insertUser } from '../../src/server/auth/users.js';

/** Test accounts, one per role, plus one whose password tests may change. */
export const PEOPLE = {
  owner: { email: 'olga@example.com', name: 'Olga Owner', role: 'owner', password: 'owner passphrase 1' },
  editor: { email: 'eddie@example.com', name: 'Eddie Editor', role: 'editor', password: 'editor passphrase 2' },
  viewer: { email: 'vera@example.com', name: 'Vera Viewer', role: 'viewer', password: 'viewer passphrase 3' },
  changer: { email: 'chris@example.com', name: 'Chris Changer', role: 'viewer', password: 'changer passphrase 4' },
} as const;
export type Person = keyof typeof PEOPLE;

/**
 * Argon2 is asynchronous and fixtures are not: registers a beforeAll that hashes the
 * passwords once, and returns a synchronous function that inserts the chosen people.
 */
export function preparePeople(): (db: Db, now: number, who?: readonly Person[]) => Record<Person, string> {
  const hashes = {} as Record<Person, string>;
  beforeAll(async () => {
    for (const [key, p] of Object.entries(PEOPLE)) hashes[key as Person] = await hashPassword(p.password);
  });
  return (db, now, who = Object.keys(PEOPLE) as Person[]) => {
    const ids = {} as Record<Person, string>;
    for (const key of who) ids[key] = insertUser(db, PEOPLE[key], hashes[key], SYSTEM, now).id;
    return ids;
  };
}
