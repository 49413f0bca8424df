import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { subscribers } from '../../../db/schema.js';
import { renderEndpointQuarantined, type EmailPage } from '../../../emails/index.js';
import { CHANNEL_KIND_LABELS } from '../../core/channel-kind.js';
import type { ClaimedDelivery } from '../outbox/claim.js';
import type { Addressing } from '../outbox/mailer.js';
import type { Composed } from '../outbox/worker.js';
import { endpointOpenerOrNull } from './endpoint-seal.js';

/** The host of an endpoint URL, for a person: never its path, which for chat webhooks is the credential. */
export function endpointHost(endpoint: string | null): string {
  try {
    return endpoint ? new URL(endpoint).host : 'an unknown address';
  } catch {
    return 'an unknown address';
  }
}

/**
 * The notice mail to a quarantined endpoint subscriber's contact address. Only while the
 * subscriber is still quarantined by the quarantine the row was written for: re-enabled or
 * quarantined again since, this notice is stale.
 */
export function composeQuarantineNotice(db: Db, row: ClaimedDelivery, subscriberId: string, page: EmailPage, addressing: Addressing): Composed {
  const s = db
    .select({ channel: subscribers.channel, endpoint: subscribers.endpoint, quarantinedAt: subscribers.quarantinedAt, reason: subscribers.quarantineReason })
    .from(subscribers)
    .where(eq(subscribers.id, subscriberId))
    .get();
  if (!s || s.channel === 'email' || s.quarantinedAt === null) return { skip: 'not an endpoint in quarantine' };
  if (!row.dedupeKey.endsWith(`:${s.quarantinedAt}`)) return { skip: 'the quarantine this notice was for has ended' };
  const label = s.channel === 'webhook' ? 'webhook' : `${CHANNEL_KIND_LABELS[s.channel]} channel`;
  const content = renderEndpointQuarantined({
    page,
    channelLabel: label,
    endpointHost: endpointHost(endpointOpenerOrNull(db)(s.endpoint)),
    quarantinedAt: s.quarantinedAt,
    reason: s.reason ?? 'unknown',
    subscribeUrl: `${page.url}/subscribe`,
  });
  return { mail: { ...content, ...addressing } };
}
