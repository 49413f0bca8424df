import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { secrets } from '../../db/schema.js';

/** The installation secret `name` if it exists, without creating it (readers that must not write). */
export function existingInstallationSecret(db: Db, name: string): Uint8Array | null {
  const row = db.select({ value: secrets.value }).from(secrets).where(eq(secrets.name, name)).get();
  return row ? Buffer.from(row.value, 'hex') : null;
}

/**
 * A 256-bit installation secret, created the first time it is asked for and kept in the
 * database so every process serving the same file agrees on it. Never logged or shown.
 */
export function installationSecret(db: Db, name: string, now: number): Uint8Array {
  const existing = existingInstallationSecret(db, name);
  if (existing) return existing;
  db.insert(secrets).values({ name, value: randomBytes(32).toString('hex'), createdAt: now }).onConflictDoNothing().run();
  // Re-read: a concurrent process may have won the insert, and both must use the same key.
  return existingInstallationSecret(db, name)!;
}
