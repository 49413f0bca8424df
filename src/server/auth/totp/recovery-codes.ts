import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { and, eq, isNull } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import type { Db } from '../../../../db/client.js';
import { recoveryCodes } from '../../../../db/schema.js';
import { hashToken } from '../tokens.js';

export const RECOVERY_CODE_COUNT = 10;

/** `xxxxx-xxxxx`: 50 random bits, easy to copy by hand. Shown once; only the hash is kept. */
function newRecoveryCode(): string {
  const raw = encodeBase32LowerCaseNoPadding(randomBytes(7)).slice(0, 10);
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

/** What a typed code is compared as: case, spaces and the dash do not matter. */
const normalised = (code: string): string => code.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Replaces a person's recovery codes with a fresh set; returns the codes to show once. */
export function replaceRecoveryCodes(db: Db, userId: string): string[] {
  db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  db.insert(recoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashToken(normalised(c)) }))).run();
  return codes;
}

/** Spends an unused code: true once per code, false for a wrong or used one. */
export function spendRecoveryCode(db: Db, userId: string, code: string, now: number): boolean {
  const key = normalised(code);
  if (key.length !== 10) return false;
  const spent = db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashToken(key)), isNull(recoveryCodes.usedAt)))
    .run();
  return spent.changes === 1;
}

export function unusedRecoveryCodes(db: Db, userId: string): number {
  return db.select({ id: recoveryCodes.id }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt))).all().length;
}
