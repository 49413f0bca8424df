import { and, eq, isNull } from 'drizzle-orm';
import { type Db, writeTransaction } from '../../../../db/client.js';
import { users } from '../../../../db/schema.js';
import type { Role } from '../../../core/policy.js';
import { roleForGroups, type GroupRole } from '../../../core/sso-roles.js';
import { recordAudit } from '../../audit.js';
import { newPublicId } from '../../ids.js';
import { NO_PASSWORD } from '../no-password.js';
import { createSession, invalidateUserSessions, type Session } from '../session.js';
import { normaliseEmail } from '../users.js';

/** What the provider vouched for, from the validated ID token (and userinfo). */
export interface SsoIdentity {
  readonly subject: string;
  readonly email: string | null;
  readonly emailVerified: boolean;
  readonly name: string | null;
  readonly groups: readonly string[];
}

export type SsoOutcome =
  | { readonly kind: 'signed_in'; readonly token: string; readonly session: Session; readonly role: Role }
  | { readonly kind: 'no_group' }
  | { readonly kind: 'no_email' }
  | { readonly kind: 'email_taken'; readonly email: string };

type UserRow = typeof users.$inferSelect;

/**
 * The account for this identity: the one linked to the subject, else a password account with the
 * same address when the provider verified it (linked now), else none.
 */
function linkedAccount(db: Db, identity: SsoIdentity, email: string | null): UserRow | 'email_taken' | null {
  const bySubject = db.select().from(users).where(eq(users.oidcSubject, identity.subject)).get();
  if (bySubject) return bySubject;
  if (!email) return null;
  const byEmail = db.select().from(users).where(and(eq(users.email, email), isNull(users.oidcSubject))).get();
  if (!byEmail) return db.select({ id: users.id }).from(users).where(eq(users.email, email)).get() ? 'email_taken' : null;
  // An unverified address could be anyone's: linking it would hand them that account.
  return identity.emailVerified ? byEmail : 'email_taken';
}

/**
 * Signs a person in from a validated single sign-on identity, in one transaction: the role comes
 * from their groups only. With no group giving a role, the account (if any) loses access and every
 * session of it ends; otherwise the account is created or brought up to date, and a session starts.
 * Both are audited.
 */
export function signInWithSso(db: Db, identity: SsoIdentity, roleMap: readonly GroupRole[], now: number): SsoOutcome {
  const role = roleForGroups(roleMap, identity.groups);
  const email = identity.email ? normaliseEmail(identity.email).slice(0, 320) : null;
  return writeTransaction(db, (tx): SsoOutcome => {
    const found = linkedAccount(tx, identity, email);
    if (found === 'email_taken') return { kind: 'email_taken', email: email ?? '' };
    const diff = { method: 'sso', groups: identity.groups.slice(0, 20) };
    if (role === null) {
      if (found) {
        invalidateUserSessions(tx, found.id);
        if (found.disabledAt === null) tx.update(users).set({ disabledAt: now, updatedAt: now }).where(eq(users.id, found.id)).run();
      }
      recordAudit(tx, { id: found?.id ?? null, label: email ?? identity.subject }, { action: 'user.sign_in_refused', objectType: 'user', objectId: found?.id ?? null, diff }, now);
      return { kind: 'no_group' };
    }
    const name = (identity.name?.trim() || email || identity.subject).slice(0, 100);
    let id: string;
    if (found) {
      id = found.id;
      const changes = { name, role, email: email ?? found.email, oidcSubject: identity.subject, disabledAt: null, updatedAt: now };
      tx.update(users).set(changes).where(eq(users.id, id)).run();
      if (found.role !== role) invalidateUserSessions(tx, id);
      if (found.role !== role || found.name !== name) {
        recordAudit(tx, { id, label: changes.email }, { action: 'user.updated', objectType: 'user', objectId: id, diff: { ...(found.role !== role ? { role } : {}), ...(found.name !== name ? { name } : {}), method: 'sso' } }, now);
      }
    } else {
      if (!email) return { kind: 'no_email' };
      id = newPublicId();
      tx.insert(users).values({ id, email, name, role, passwordHash: NO_PASSWORD, oidcSubject: identity.subject, createdAt: now, updatedAt: now }).run();
      recordAudit(tx, { id, label: email }, { action: 'user.created', objectType: 'user', objectId: id, diff: { email, role, method: 'sso' } }, now);
    }
    const { token, session } = createSession(tx, id, now);
    recordAudit(tx, { id, label: email ?? identity.subject }, { action: 'user.signed_in', objectType: 'user', objectId: id, diff: { ...diff, role } }, now);
    return { kind: 'signed_in', token, session, role };
  });
}
