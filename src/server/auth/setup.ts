import { eq } from 'drizzle-orm';
import { type Db, writeTransaction } from '../../../db/client.js';
import { setupTokens } from '../../../db/schema.js';
import { SYSTEM } from '../audit.js';
import { RejectedError } from '../write/events.js';
import { hashPassword } from './password.js';
import { createSession, type Session } from './session.js';
import { generateToken, hashToken } from './tokens.js';
import { countUsers, insertUser, newUserProblems, type NewUser } from './users.js';

export const SETUP_TOKEN_LIFETIME_MS = 24 * 3_600_000;

/** A one-time link token for creating the first owner, or null once anyone has an account. */
export function issueSetupToken(db: Db, now: number): string | null {
  if (countUsers(db) > 0) return null;
  const token = generateToken();
  db.insert(setupTokens).values({ id: hashToken(token), expiresAt: now + SETUP_TOKEN_LIFETIME_MS, createdAt: now }).run();
  return token;
}

export function isSetupTokenValid(db: Db, token: string, now: number): boolean {
  if (countUsers(db) > 0) return false;
  const row = db.select().from(setupTokens).where(eq(setupTokens.id, hashToken(token))).get();
  return row !== undefined && row.expiresAt > now;
}

/** Creates the owner with a valid token, spends every setup token, and signs the owner in. */
export async function completeSetup(
  db: Db,
  token: string,
  input: Omit<NewUser, 'role'>,
  now: number,
): Promise<{ token: string; session: Session }> {
  const owner = { ...input, role: 'owner' };
  const problems = Object.values(newUserProblems(owner));
  if (problems.length > 0) throw new RejectedError(problems.join(' '));
  const passwordHash = await hashPassword(input.password);
  return writeTransaction(db, (tx) => {
    // Checked again inside the transaction: two tabs must not both create an owner.
    if (!isSetupTokenValid(tx, token, now)) throw new RejectedError('This setup link has expired or was already used.');
    const { id } = insertUser(tx, owner, passwordHash, SYSTEM, now);
    tx.delete(setupTokens).run();
    return createSession(tx, id, now);
  });
}
