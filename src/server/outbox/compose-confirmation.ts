import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { components, subscriberComponents } from '../../../db/schema.js';
import { renderConfirmSubscription, type EmailPage } from '../../../emails/index.js';
import { hashToken } from '../auth/tokens.js';
import type { ClaimedDelivery } from './claim.js';
import type { Addressing } from './mailer.js';
import type { Composed } from './worker.js';

/** What the confirmation mail needs of its subscriber (read by the composer for every row). */
export interface ConfirmingSubscriber {
  readonly id: string;
  readonly allComponents: boolean;
  readonly confirmTokenHash: string | null;
  readonly confirmExpiresAt: number | null;
}

/**
 * The mail asking a new subscriber to confirm, with the components they chose. Only while the link
 * it carries is still theirs: the token in the row must hash to the one stored, unexpired (a newer
 * request replaces it, and its own mail carries the new link).
 */
export function composeConfirmation(db: Db, row: ClaimedDelivery, subscriber: ConfirmingSubscriber, page: EmailPage, addressing: Addressing, now: number): Composed {
  const token = parseToken(row.payload);
  const expiresAt = subscriber.confirmExpiresAt;
  if (!token || hashToken(token) !== subscriber.confirmTokenHash || expiresAt === null || expiresAt <= now) {
    return { skip: 'confirmation link expired or replaced' };
  }
  const chosen = subscriber.allComponents
    ? ('all' as const)
    : db
        .select({ name: components.name })
        .from(subscriberComponents)
        .innerJoin(components, eq(components.id, subscriberComponents.componentId))
        .where(eq(subscriberComponents.subscriberId, subscriber.id))
        .orderBy(asc(components.position), asc(components.name))
        .all()
        .map((c) => c.name);
  const content = renderConfirmSubscription({ page, confirmUrl: `${page.url}/subscribe/confirm/${token}`, components: chosen, expiresAt });
  return { mail: { ...content, ...addressing } };
}

/** The confirmation token a confirm row carries in its payload (`{"token": …}`), or null. */
function parseToken(payload: string | null): string | null {
  try {
    const parsed: unknown = payload ? JSON.parse(payload) : null;
    return parsed && typeof parsed === 'object' && 'token' in parsed && typeof parsed.token === 'string' ? parsed.token : null;
  } catch {
    return null;
  }
}
