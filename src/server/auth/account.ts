import { eq } from 'drizzle-orm';
import { type Db, writeTransaction } from '../../../db/client.js';
import { users } from '../../../db/schema.js';
import { recordAudit } from '../audit.js';
import { RejectedError } from '../write/events.js';
import { hashPassword, passwordProblem, verifyPassword } from './password.js';
import { createSession, invalidateUserSessions, type Session } from './session.js';

/**
 * Changes a password after checking the current one, signs the person out everywhere, and
 * returns a fresh session for the browser that asked.
 */
export async function changePassword(
  db: Db,
  userId: string,
  input: { current: string; next: string; confirm: string },
  now: number,
): Promise<{ token: string; session: Session }> {
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw new RejectedError('Your account no longer exists.');
  if (!(await verifyPassword(user.passwordHash, input.current))) throw new RejectedError('The current password is not right.');
  const problem = passwordProblem(input.next);
  if (problem) throw new RejectedError(`New password: ${problem}`);
  if (input.next !== input.confirm) throw new RejectedError('The two new passwords differ.');
  const passwordHash = await hashPassword(input.next);
  return writeTransaction(db, (tx) => {
    tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, userId)).run();
    invalidateUserSessions(tx, userId);
    recordAudit(tx, { id: userId, label: user.email }, { action: 'user.password_changed', objectType: 'user', objectId: userId }, now);
    return createSession(tx, userId, now);
  });
}
