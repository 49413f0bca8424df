import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the secret is `whsec_` + base64 of
 * random bytes; the signature is `v1,` + base64 HMAC-SHA256, keyed with those bytes, of
 * `<webhook-id>.<webhook-timestamp>.<body>`.
 */
const SECRET_PREFIX = 'whsec_';
/** 32 bytes: above the specification's minimum of 24, the size of the HMAC's output. */
const SECRET_BYTES = 32;

export function newSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/**
 * The `webhook-id` of a delivery: derived from its dedupe key, so every retry of the same message
 * carries the same id and a receiver can drop the duplicates.
 */
export function webhookIdFor(dedupeKey: string): string {
  return `msg_${createHash('sha256').update(dedupeKey).digest('base64url').slice(0, 27)}`;
}

export interface SignedHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

/** The three Standard Webhooks headers for `body` sent at `now` (ms). */
export function signatureHeaders(secret: string, id: string, now: number, body: string): SignedHeaders {
  const timestamp = String(Math.floor(now / 1000));
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
