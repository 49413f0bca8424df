import { createCipheriv, createDecipheriv, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../../db/client.js';
import { existingInstallationSecret, installationSecret } from '../secrets.js';
import { CHANNEL_SECRETS_KEY } from './secret-box.js';

/**
 * Endpoint subscribers' URLs at rest. A Slack, Teams or Discord incoming-webhook URL is a bearer
 * credential (whoever holds it can post into the customer's channel), and a webhook URL often
 * carries a token too, so `subscribers.endpoint` holds them sealed.
 *
 * Deterministic authenticated encryption (a synthetic IV, as in AES-SIV, RFC 5297): the GCM nonce
 * is the first 12 bytes of HMAC-SHA256 over the plain URL, under a key derived separately from the
 * encryption key. The same URL therefore always seals to the same string, which is what keeps the
 * unique index on (channel, endpoint) and the "already subscribed" check working. Deterministic
 * is acceptable here because all it reveals is which rows hold equal URLs, and the unique index
 * needs exactly that equality anyway (and forbids equal URLs within a channel). Because the nonce
 * is a function of the plaintext, a nonce repeats only for the same plaintext, where it yields the
 * same ciphertext and so gives nothing away; opening re-derives the nonce and refuses a mismatch.
 *
 * Format: `sealed-endpoint.v1.<key id>.<iv>.<tag>.<ciphertext>`, each base64url. The key id
 * (6 bytes of an HMAC of the key) lets a value sealed under another installation's key be told
 * apart from one that was altered. Plain endpoints are always http(s) URLs, so the prefix can
 * never be mistaken for one.
 */
export const SEALED_ENDPOINT_PREFIX = 'sealed-endpoint.v1.';

/** Why a stored endpoint could not be opened; the lanes skip the row, nothing is sent. */
export type EndpointSealFault = 'no-key' | 'other-key' | 'altered' | 'not-a-url';

export class SealedEndpointError extends Error {
  constructor(
    readonly fault: EndpointSealFault,
    message: string,
  ) {
    super(message);
    this.name = 'SealedEndpointError';
  }
}

export interface EndpointSealKeys {
  readonly id: string;
  readonly encryption: Buffer;
  readonly syntheticIv: Buffer;
}

const AAD = Buffer.from('beacon sealed-endpoint v1');
const derived = new Map<string, EndpointSealKeys>();

/** The keys for one installation secret: HKDF-SHA256 with a distinct label per use, so neither key is the other or the secret-box key. */
export function endpointSealKeys(master: Uint8Array): EndpointSealKeys {
  const cacheKey = Buffer.from(master).toString('hex');
  let keys = derived.get(cacheKey);
  if (!keys) {
    const derive = (label: string): Buffer => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `beacon sealed-endpoint v1 ${label}`, 32));
    keys = { id: derive('key id').subarray(0, 6).toString('base64url'), encryption: derive('encryption'), syntheticIv: derive('synthetic iv') };
    derived.set(cacheKey, keys);
  }
  return keys;
}

function syntheticIv(keys: EndpointSealKeys, plain: string): Buffer {
  return createHmac('sha256', keys.syntheticIv).update(plain, 'utf8').digest().subarray(0, 12);
}

/** Seals `plain` under `keys`: equal inputs give equal outputs. */
export function sealWithKeys(keys: EndpointSealKeys, plain: string): string {
  const iv = syntheticIv(keys, plain);
  const cipher = createCipheriv('aes-256-gcm', keys.encryption, iv);
  cipher.setAAD(AAD);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${SEALED_ENDPOINT_PREFIX}${[keys.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.')}`;
}

const altered = (): SealedEndpointError =>
  new SealedEndpointError('altered', 'The sealed endpoint was altered or damaged: its authentication tag does not match, so it is refused.');

/** Opens a value from sealWithKeys; throws SealedEndpointError when it is altered or sealed under other keys. */
export function openWithKeys(keys: EndpointSealKeys, sealed: string): string {
  if (!isSealedEndpoint(sealed)) throw altered();
  const parts = sealed.slice(SEALED_ENDPOINT_PREFIX.length).split('.');
  if (parts.length !== 4) throw altered();
  const [id, iv, tag, body] = parts as [string, string, string, string];
  if (id !== keys.id) {
    throw new SealedEndpointError('other-key', 'The endpoint was sealed under another key than this database’s channel-secrets key, so it cannot be opened.');
  }
  const [given, tagBytes, bodyBytes] = [iv, tag, body].map((f) => Buffer.from(f, 'base64url')) as [Buffer, Buffer, Buffer];
  // Only the canonical encoding: base64url's spare bits could otherwise change a character without changing a byte.
  if (given.toString('base64url') !== iv || tagBytes.toString('base64url') !== tag || bodyBytes.toString('base64url') !== body) throw altered();
  let plain: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keys.encryption, given);
    decipher.setAAD(AAD);
    decipher.setAuthTag(tagBytes);
    plain = Buffer.concat([decipher.update(bodyBytes), decipher.final()]).toString('utf8');
  } catch {
    throw altered();
  }
  // The nonce must be the one this plaintext derives: a value is then the only sealing of its URL.
  const expected = syntheticIv(keys, plain);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw altered();
  return plain;
}

export function isSealedEndpoint(stored: string): boolean {
  return stored.startsWith(SEALED_ENDPOINT_PREFIX);
}

/** Seals an endpoint URL for storage, creating the installation's key on first use. */
export function sealEndpoint(db: Db, plain: string, now: number): string {
  return sealWithKeys(endpointSealKeys(installationSecret(db, CHANNEL_SECRETS_KEY, now)), plain);
}

/**
 * An opener for stored endpoints that reads the key once (a list opens many rows). A plain http(s)
 * URL is passed through: a process of the previous release, still running during a rolling restart,
 * may write one, and the next start seals it (seal-plain-endpoints.ts). Anything else that is not
 * a sealed value is refused rather than sent anywhere.
 */
export function endpointOpener(db: Db): (stored: string) => string {
  let keys: EndpointSealKeys | null | undefined;
  return (stored) => {
    if (!isSealedEndpoint(stored)) {
      if (/^https?:\/\//i.test(stored)) return stored;
      throw new SealedEndpointError('not-a-url', 'The stored endpoint is neither sealed nor a URL, so it is refused.');
    }
    if (keys === undefined) {
      const master = existingInstallationSecret(db, CHANNEL_SECRETS_KEY);
      keys = master ? endpointSealKeys(master) : null;
    }
    if (keys === null) throw new SealedEndpointError('no-key', 'The endpoint is sealed but this database has no channel-secrets key to open it with.');
    return openWithKeys(keys, stored);
  };
}

/** Like endpointOpener, but null for a refused value (and for none): for what only shows it to a person. */
export function endpointOpenerOrNull(db: Db): (stored: string | null) => string | null {
  const open = endpointOpener(db);
  return (stored) => {
    if (stored === null) return null;
    try {
      return open(stored);
    } catch (e) {
      if (e instanceof SealedEndpointError) return null;
      throw e;
    }
  };
}
