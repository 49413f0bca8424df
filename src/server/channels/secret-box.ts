import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Db } from '../../../db/client.js';
import { installationSecret } from '../secrets.js';

/**
 * Encryption at rest for what Beacon must be able to use again and so cannot hash: webhook signing
 * secrets and chat webhook URLs (a Slack or Discord webhook URL is a credential). AES-256-GCM with
 * a key kept in the `secrets` table: a copy of the database alone still holds the key, but a dump
 * of a table or a log line with a sealed value does not give the value away.
 * Format: `v1.<iv>.<tag>.<ciphertext>`, each base64url.
 */
/** The installation secret behind channel encryption; endpoint-seal.ts derives its own keys from it. */
export const CHANNEL_SECRETS_KEY = 'channel-secrets';
const PREFIX = 'v1';

export function seal(db: Db, plain: string, now: number): string {
  const key = installationSecret(db, CHANNEL_SECRETS_KEY, now);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [PREFIX, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

/** The plain value, or null when `sealed` is not ours or was tampered with (GCM's tag fails). */
export function unseal(db: Db, sealed: string, now: number): string | null {
  const [prefix, iv, tag, body] = sealed.split('.');
  if (prefix !== PREFIX || !iv || !tag || body === undefined) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', installationSecret(db, CHANNEL_SECRETS_KEY, now), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
