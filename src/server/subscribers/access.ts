import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { subscribers } from '../../../db/schema.js';
import type { SubscriberState } from '../../core/subscriber-state.js';
import { installationSecret } from '../secrets.js';
import { claimedSubscriber, verifyLinkToken, type LinkPurpose } from './links.js';

/** The HMAC key behind every subscriber link of this installation. */
export function linkKey(db: Db, now: number): Uint8Array {
  return installationSecret(db, 'subscriber-links', now);
}

export interface LinkHolder {
  readonly id: string;
  readonly email: string;
  readonly state: SubscriberState;
  readonly allComponents: boolean;
}

/** The subscriber a manage or unsubscribe link belongs to, or null when the link is forged, revoked or for the other purpose. */
export function subscriberForLink(db: Db, purpose: LinkPurpose, token: string, now: number): LinkHolder | null {
  const id = claimedSubscriber(token);
  if (!id) return null;
  const row = db.select().from(subscribers).where(eq(subscribers.id, id)).get();
  if (!row) return null;
  if (!verifyLinkToken(linkKey(db, now), purpose, token, row.id, row.linkGeneration)) return null;
  return { id: row.id, email: row.email, state: row.state, allComponents: row.allComponents };
}
