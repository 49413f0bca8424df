import { z } from 'zod/v4';
import { SUBSCRIBER_STATES } from '../../../core/subscriber-state.js';
import { named } from '../registry.js';
import { isoDateTime } from './common.js';

/** Subscriber types Statuspage counts; Beacon has email only, the others count zero. */
export const SUBSCRIBER_TYPES = ['email', 'sms', 'webhook', 'slack', 'teams', 'integration_partner'] as const;

export const Subscriber = named(
  'Subscriber',
  z.object({
    id: z.string(),
    type: z.enum(['email', 'webhook']),
    mode: z.enum(['email', 'webhook']),
    email: z.string(),
    /** Beacon: the life-cycle state (Statuspage shows it only through filters). */
    state: z.enum(SUBSCRIBER_STATES),
    skip_confirmation_notification: z.boolean(),
    /** Webhook subscribers: the URL updates are POSTed to. Chat subscribers (Slack, Teams, Discord): masked, `host/…last4`, the URL being a credential. */
    endpoint: z.string().nullable(),
    /** Webhook subscribers, in the answer to their creation only: the Standard Webhooks `whsec_…` secret. Never shown again; rotate it to get a new one. */
    signing_secret: z.string().optional(),
    phone_number: z.null(),
    phone_country: z.null(),
    display_phone_number: z.null(),
    obfuscated_channel_name: z.null(),
    workspace_name: z.null(),
    quarantined_at: isoDateTime.nullable(),
    purge_at: isoDateTime.nullable(),
    /** Beacon: true when subscribed to every component, including ones added later; `components` then lists today's. */
    all_components: z.boolean(),
    components: z.array(z.string()),
    page_access_user_id: z.null(),
    created_at: isoDateTime,
  }),
  'An email subscriber. `state` and `all_components` are Beacon’s; SMS, Slack and page-access fields are always null.',
);
export type SubscriberJson = z.output<typeof Subscriber>;

export const SubscriberCreate = named(
  'postPagesPageIdSubscribers',
  z.object({
    subscriber: z.object({
      email: z.string().optional(),
      endpoint: z.string().optional().meta({ description: 'A webhook subscriber: the https URL updates are POSTed to (Statuspage’s webhook body, signed per Standard Webhooks). `email` is then the contact for notices; the answer carries `signing_secret` once.' }),
      phone_number: z.string().optional(),
      phone_country: z.string().optional(),
      skip_confirmation_notification: z.boolean().optional().meta({
        description: 'True: the address is active at once, with no confirmation mail (you hold the person’s consent). False or absent: a confirmation mail goes out, as from the subscribe form.',
      }),
      component_ids: z.array(z.string()).optional().meta({ description: 'Components (not groups) to hear about; absent means all, including ones added later.' }),
    }),
  }),
  'Create an email subscriber.',
);

const count = (): z.ZodNumber => z.number().int();

export const SubscriberCountByType = named(
  'SubscriberCountByType',
  z.object(Object.fromEntries(SUBSCRIBER_TYPES.map((t) => [t, count()])) as Record<(typeof SUBSCRIBER_TYPES)[number], z.ZodNumber>),
  'Subscribers by type, in the state asked for.',
);

export const SubscriberCountByState = named(
  'SubscriberCountByState',
  z.object({ active: count(), unconfirmed: count(), quarantined: count(), unsubscribed: count(), total: count() }),
  'Subscribers of one type by state; `unsubscribed` is Beacon’s, and `total` counts the other three, as Statuspage’s does.',
);

export const SubscriberCountByTypeAndState = named(
  'SubscriberCountByTypeAndState',
  z.object(Object.fromEntries(SUBSCRIBER_TYPES.map((t) => [t, SubscriberCountByState])) as Record<(typeof SUBSCRIBER_TYPES)[number], typeof SubscriberCountByState>),
  'Subscribers by type, then by state.',
);
