import { count, eq } from 'drizzle-orm';
import { type Db, writeTransaction } from '../../../db/client.js';
import { users } from '../../../db/schema.js';
import { isRole, type Role } from '../../core/policy.js';
import { recordAudit, type Actor } from '../audit.js';
import { newPublicId } from '../ids.js';
import { RejectedError } from '../write/events.js';
import { hashPassword, passwordProblem } from './password.js';

export interface NewUser {
  readonly email: string;
  readonly name: string;
  readonly role: string;
  readonly password: string;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{1,63}$/;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Field → problem, empty when the input is acceptable. */
export function newUserProblems(input: NewUser): Partial<Record<keyof NewUser, string>> {
  const problems: Partial<Record<keyof NewUser, string>> = {};
  if (!EMAIL.test(normaliseEmail(input.email))) problems.email = 'Enter an email address such as ana@example.com.';
  if (input.name.trim() === '' || input.name.length > 100) problems.name = 'Enter a name of up to 100 characters.';
  if (!isRole(input.role)) problems.role = 'Choose owner, editor, viewer or reader.';
  const pw = passwordProblem(input.password);
  if (pw) problems.password = pw;
  return problems;
}

export function countUsers(db: Db): number {
  return db.select({ n: count() }).from(users).get()?.n ?? 0;
}

export function findUserByEmail(db: Db, email: string): typeof users.$inferSelect | undefined {
  return db.select().from(users).where(eq(users.email, normaliseEmail(email))).get();
}

/**
 * Creates an account. The password is hashed first (asynchronously, outside any
 * transaction); then one synchronous transaction checks, inserts and audits.
 */
export async function createUser(db: Db, input: NewUser, actor: Actor, now: number): Promise<{ id: string }> {
  const problems = Object.values(newUserProblems(input));
  if (problems.length > 0) throw new RejectedError(problems.join(' '));
  const passwordHash = await hashPassword(input.password);
  return writeTransaction(db, (tx) => insertUser(tx, input, passwordHash, actor, now));
}

/** The synchronous half of createUser, for use-cases that create a user inside a larger transaction. */
export function insertUser(db: Db, input: NewUser, passwordHash: string, actor: Actor, now: number): { id: string } {
  const email = normaliseEmail(input.email);
  if (findUserByEmail(db, email)) throw new RejectedError(`There is already an account for ${email}.`);
  const id = newPublicId();
  db.insert(users)
    .values({ id, email, name: input.name.trim(), role: input.role as Role, passwordHash, createdAt: now, updatedAt: now })
    .run();
  recordAudit(db, actor, { action: 'user.created', objectType: 'user', objectId: id, diff: { email, role: input.role } }, now);
  return { id };
}
