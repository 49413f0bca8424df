import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/**
 * Manage and unsubscribe links for mails that go out long after the subscription was made.
 * They cannot be random-and-hashed (the raw token would have to be stored to put it in each
 * mail), so each is an HMAC over (purpose, subscriber, link generation) with an installation
 * secret: nothing about it is stored, a manage link cannot unsubscribe and vice versa, and
 * bumping the subscriber's generation revokes every link sent before.
 * Token format: `<subscriber id>.<32 base32 chars = 160 bits of MAC>`.
 */
export const LINK_PURPOSES = ['manage', 'unsubscribe'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

const MAC_CHARS = 32;
const MAC_BYTES = (MAC_CHARS * 5) / 8;
const TOKEN = /^([0-9a-z]{12})\.([a-z2-7]{32})$/;

function mac(key: Uint8Array, purpose: LinkPurpose, subscriberId: string, generation: number): string {
  // node:crypto rather than a pure-JS HMAC: two per mail, ten thousand mails per update.
  const digest = createHmac('sha256', key).update(`${purpose}:${subscriberId}:${generation}`).digest();
  // Base32 turns each 5 bytes into 8 characters: the first MAC_BYTES give exactly MAC_CHARS.
  return encodeBase32LowerCaseNoPadding(new Uint8Array(digest.buffer, digest.byteOffset, MAC_BYTES));
}

export function linkToken(key: Uint8Array, purpose: LinkPurpose, subscriberId: string, generation: number): string {
  return `${subscriberId}.${mac(key, purpose, subscriberId, generation)}`;
}

/** The subscriber id a well-formed token claims; verify it with `verifyLinkToken` before trusting it. */
export function claimedSubscriber(token: string): string | null {
  return TOKEN.exec(token)?.[1] ?? null;
}

/** Whether `token` is the `purpose` link of this subscriber at this generation (constant-time). */
export function verifyLinkToken(key: Uint8Array, purpose: LinkPurpose, token: string, subscriberId: string, generation: number): boolean {
  const match = TOKEN.exec(token);
  if (!match || match[1] !== subscriberId) return false;
  const expected = new TextEncoder().encode(mac(key, purpose, subscriberId, generation));
  return constantTimeEqual(expected, new TextEncoder().encode(match[2]!));
}
