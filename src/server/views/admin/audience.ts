import type { Db } from '../../../../db/client.js';
import { DELIVERY_STATES, type DeliveryState } from '../../../core/delivery.js';
import { chosenComponentIds, type PreviewTarget } from '../../forms/message-preview.js';
import { countAudience } from '../../outbox/enqueue.js';
import { deliveryCountsOfUpdate } from '../../read/outbox.js';

const people = (n: number): string => `${n} subscriber${n === 1 ? '' : 's'}`;

/** Beside "Notify subscribers" before publishing: who the mail would go to, counted as the outbox will select them. */
export function audienceBefore(db: Db, form: Readonly<Record<string, string>>, target: PreviewTarget): string {
  const n = countAudience(db, target.eventId, chosenComponentIds(db, form, target));
  return n === 0 ? 'no subscriber would be notified' : `${people(n)} will be notified`;
}

/** After publishing: what became of the mail one update queued ("Sent to 3 subscribers · 1 pending"); null when it queued none. */
export function audienceAfter(db: Db, updateId: string): string | null {
  const counts: Record<DeliveryState, number> = deliveryCountsOfUpdate(db, updateId);
  const total = DELIVERY_STATES.reduce((n, s) => n + counts[s], 0);
  if (total === 0) return null;
  const parts = [`Sent to ${people(counts.sent)}`];
  if (counts.pending > 0) parts.push(`${counts.pending} pending`);
  if (counts.failed > 0) parts.push(`${counts.failed} failed`);
  if (counts.cancelled > 0) parts.push(`${counts.cancelled} cancelled`);
  return parts.join(' · ');
}
