import { and, eq, isNotNull, isNull, ne } from 'drizzle-orm';
import { type Db, writeTransaction } from '../../../db/client.js';
import { pageSettings, users } from '../../../db/schema.js';
import { roleMapFromJson, roleMapToJson, type GroupRole } from '../../core/sso-roles.js';
import { isPageVisibility, type PageVisibility } from '../../core/visibility.js';
import { recordAudit, type Actor } from '../audit.js';
import { readPageSettings } from '../settings.js';
import { RejectedError } from '../write/events.js';
import { NO_PASSWORD } from './no-password.js';

/** Who may sign in how, and who may see the public page: the owner's choices on /admin/access. */
export interface AccessSettings {
  readonly visibility: PageVisibility;
  readonly roleMap: readonly GroupRole[];
  readonly passwordSignIn: boolean;
  readonly breakGlassUserId: string | null;
  readonly ownersNeedTotp: boolean;
}

export function readAccessSettings(db: Db, now: number): AccessSettings {
  readPageSettings(db, now);
  const row = db.select().from(pageSettings).where(eq(pageSettings.id, 1)).get()!;
  return {
    visibility: isPageVisibility(row.visibility) ? row.visibility : 'public',
    roleMap: roleMapFromJson(row.ssoRoleMap),
    passwordSignIn: row.passwordSignIn,
    breakGlassUserId: row.breakGlassUserId,
    ownersNeedTotp: row.ownersNeedTotp,
  };
}

/** Whether a password may sign this account in under the current settings. */
export function passwordAllowedFor(settings: AccessSettings, userId: string): boolean {
  return settings.passwordSignIn || settings.breakGlassUserId === userId;
}

/** Owners with a password of their own: the accounts that can be kept for break-glass. */
export function passwordOwners(db: Db): { id: string; email: string; name: string }[] {
  return db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(and(eq(users.role, 'owner'), ne(users.passwordHash, NO_PASSWORD), isNull(users.disabledAt)))
    .all();
}

/** Whether anyone has signed in by single sign-on yet: password sign-in may be turned off only then. */
function ssoHasWorked(db: Db): boolean {
  return db.select({ id: users.id }).from(users).where(isNotNull(users.oidcSubject)).get() !== undefined;
}

/** Saves the owner's access choices in one transaction, audited; refuses a change that would lock everyone out. */
export function changeAccessSettings(db: Db, next: AccessSettings, ssoConfigured: boolean, actor: Actor, now: number): void {
  writeTransaction(db, (tx) => {
    if (!next.passwordSignIn) {
      if (!ssoConfigured) throw new RejectedError('Single sign-on is not configured (OIDC_ISSUER…), so password sign-in must stay on.');
      if (!ssoHasWorked(tx)) throw new RejectedError('Sign in once by single sign-on before turning password sign-in off.');
      if (!next.breakGlassUserId || !passwordOwners(tx).some((o) => o.id === next.breakGlassUserId)) {
        throw new RejectedError('Choose a break-glass owner who keeps a password, so a provider outage does not lock everyone out.');
      }
    }
    const before = readAccessSettings(tx, now);
    tx.update(pageSettings)
      .set({
        visibility: next.visibility,
        ssoRoleMap: roleMapToJson(next.roleMap),
        passwordSignIn: next.passwordSignIn,
        breakGlassUserId: next.passwordSignIn ? null : next.breakGlassUserId,
        ownersNeedTotp: next.ownersNeedTotp,
        updatedAt: now,
      })
      .where(eq(pageSettings.id, 1))
      .run();
    const diff: Record<string, unknown> = {};
    for (const key of ['visibility', 'passwordSignIn', 'breakGlassUserId', 'ownersNeedTotp'] as const) {
      if (before[key] !== next[key]) diff[key] = next[key];
    }
    if (roleMapToJson(before.roleMap) !== roleMapToJson(next.roleMap)) diff.roleMap = next.roleMap.map((e) => `${e.group} = ${e.role}`);
    recordAudit(tx, actor, { action: 'access.updated', objectType: 'page_settings', objectId: null, diff }, now);
  });
}
