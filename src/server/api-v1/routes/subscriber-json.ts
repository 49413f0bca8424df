import { maskedEndpoint } from '../../../core/channels/endpoint-mask.js';
import { formatIsoInZone } from '../../../core/format.js';
import type { SubscriberListRow } from '../../read/subscribers.js';
import type { SubscriberJson } from '../schemas/subscriber.js';

/**
 * A Beacon subscriber as Statuspage's Subscriber. `allComponentIds` lists today's components for
 * one subscribed to all (Statuspage lists ids); `all_components` says the choice covers later ones too.
 */
export function subscriberV1(s: SubscriberListRow, allComponentIds: readonly string[], timeZone: string, skipped = false): SubscriberJson {
  const at = (ms: number): string => formatIsoInZone(ms, timeZone);
  return {
    id: s.id,
    type: s.channel === 'webhook' ? 'webhook' : 'email',
    mode: s.channel === 'webhook' ? 'webhook' : 'email',
    email: s.email,
    state: s.state,
    skip_confirmation_notification: skipped,
    // Statuspage returns a webhook subscriber's endpoint; a chat URL is a credential, so it is masked.
    endpoint: s.channel === 'webhook' ? s.endpoint : maskedEndpoint(s.endpoint),
    phone_number: null,
    phone_country: null,
    display_phone_number: null,
    obfuscated_channel_name: null,
    workspace_name: null,
    quarantined_at: s.quarantinedAt === null ? null : at(s.quarantinedAt),
    purge_at: null,
    all_components: s.allComponents,
    components: s.allComponents ? [...allComponentIds] : [...s.componentIds],
    page_access_user_id: null,
    created_at: at(s.createdAt),
  };
}
