import { z } from 'zod/v4';
import { COMPONENT_STATUSES } from '../../../core/component-status.js';
import { IMPACTS } from '../../../core/impact.js';
import { INCIDENT_STATUSES, MAINTENANCE_STATUSES } from '../../../core/incident-status.js';
import { SEVERITIES } from '../../../core/severity.js';
import { named } from '../registry.js';
import { isoDateTime } from './common.js';
import { Component } from './component.js';

/** Statuses an update may carry, as Statuspage lists them (postmortem is reached by publishing one). */
export const UPDATE_STATUSES = [...INCIDENT_STATUSES.filter((s) => s !== 'postmortem'), ...MAINTENANCE_STATUSES] as const;
/** What an incident reads as: every update status, plus postmortem once one is published. */
const READ_STATUSES = [...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES] as const;

export const AffectedComponent = named(
  'AffectedComponent',
  z.object({
    code: z.string(),
    name: z.string(),
    old_status: z.enum(COMPONENT_STATUSES),
    new_status: z.enum(COMPONENT_STATUSES),
  }),
);

export const IncidentUpdate = named(
  'IncidentUpdate',
  z.object({
    id: z.string(),
    incident_id: z.string(),
    affected_components: z.array(AffectedComponent),
    body: z.string(),
    created_at: isoDateTime,
    custom_tweet: z.string().nullable(),
    deliver_notifications: z.boolean(),
    display_at: isoDateTime,
    status: z.enum(READ_STATUSES),
    tweet_id: z.string().nullable(),
    twitter_updated_at: isoDateTime.nullable(),
    updated_at: isoDateTime,
    wants_twitter_update: z.boolean(),
  }),
);
export type IncidentUpdateV1Json = z.output<typeof IncidentUpdate>;

export const Incident = named(
  'Incident',
  z.object({
    id: z.string(),
    components: z.array(Component),
    created_at: isoDateTime,
    impact: z.enum(IMPACTS),
    impact_override: z.enum(IMPACTS).nullable(),
    incident_updates: z.array(IncidentUpdate).meta({ description: 'Newest first.' }),
    metadata: z.record(z.string(), z.unknown()),
    monitoring_at: isoDateTime.nullable(),
    name: z.string(),
    page_id: z.string(),
    postmortem_body: z.string().nullable().meta({ description: 'The published postmortem; a draft is read at …/postmortem.' }),
    postmortem_body_last_updated_at: isoDateTime.nullable(),
    postmortem_ignored: z.boolean(),
    postmortem_notified_subscribers: z.boolean(),
    postmortem_notified_twitter: z.boolean(),
    postmortem_published_at: isoDateTime.nullable().meta({ description: 'When the postmortem was published (a time, not the boolean the reference file types it as).' }),
    resolved_at: isoDateTime.nullable(),
    scheduled_auto_completed: z.boolean(),
    scheduled_auto_in_progress: z.boolean(),
    scheduled_for: isoDateTime.nullable(),
    auto_transition_deliver_notifications_at_end: z.boolean(),
    auto_transition_deliver_notifications_at_start: z.boolean(),
    auto_transition_to_maintenance_state: z.boolean(),
    auto_transition_to_operational_state: z.boolean(),
    scheduled_remind_prior: z.boolean(),
    scheduled_reminded_at: isoDateTime.nullable(),
    scheduled_until: isoDateTime.nullable(),
    shortlink: z.string(),
    status: z.enum(READ_STATUSES),
    updated_at: isoDateTime,
    reminder_intervals: z.string().nullable(),
    started_at: isoDateTime,
    severity: z.enum(SEVERITIES).nullable().meta({ description: 'Beacon: SEV1 (worst) to SEV4; null for maintenance.' }),
    reference: z.string().meta({ description: 'Beacon: the human reference, INC-YYYYMMDD-N or MNT-YYYYMMDD-N.' }),
  }),
);
export type IncidentV1Json = z.output<typeof Incident>;

/** `{component_id: status}`; an empty string leaves that component as it is, as Statuspage's form does. */
const componentStatusMap = z.record(z.string(), z.enum([...COMPONENT_STATUSES, ''])).meta({ description: 'Component id → the status this update sets; "" leaves it.' });

/** Fields shared by create and update, as Statuspage names them; Twitter, reminders and metadata are accepted and ignored. */
const incidentFields = {
  name: z.string(),
  status: z.enum(UPDATE_STATUSES),
  impact_override: z.enum(IMPACTS),
  body: z.string(),
  component_ids: z.array(z.string()),
  components: componentStatusMap,
  deliver_notifications: z.boolean(),
  scheduled_for: isoDateTime,
  scheduled_until: isoDateTime,
  scheduled_auto_in_progress: z.boolean(),
  scheduled_auto_completed: z.boolean(),
  backfilled: z.boolean(),
  backfill_date: z.string().meta({ description: 'When a backfilled incident happened: a date-time, or a date (midnight in the page’s zone).' }),
  created_at: isoDateTime.meta({ description: 'For a backfilled incident: when it started (backfill_date is the same).' }),
  severity: z.enum(SEVERITIES),
  template_id: z.string().meta({ description: 'Beacon: an incident template whose name, status and text fill what is not given; placeholders are filled.' }),
};

export const CreateIncidentBody = named(
  'CreateIncidentBody',
  z.object({ incident: z.object({ ...incidentFields, name: z.string().optional() }).partial() }),
  'An incident, or a maintenance when its status is a maintenance status (with scheduled_for and scheduled_until). `name` is required unless a template gives it.',
);
export type CreateIncidentInput = z.output<typeof CreateIncidentBody>['incident'];

export const UpdateIncidentBody = named(
  'UpdateIncidentBody',
  z.object({ incident: z.object(incidentFields).partial() }),
  'A new status and/or body posts the next update; name, impact_override and components alone edit those.',
);
export type UpdateIncidentInput = z.output<typeof UpdateIncidentBody>['incident'];

export const UpdateIncidentUpdateBody = named(
  'UpdateIncidentUpdateBody',
  z.object({
    incident_update: z
      .object({
        body: z.string(),
        display_at: isoDateTime,
        deliver_notifications: z.boolean(),
        wants_twitter_update: z.boolean(),
      })
      .partial(),
  }),
  'Corrects an update’s text and/or display time; subscribers are not told again.',
);

export const Postmortem = named(
  'Postmortem',
  z.object({
    preview_key: z.string().nullable(),
    body: z.string().nullable().meta({ description: 'The published text, null while it is a draft.' }),
    body_updated_at: isoDateTime.nullable(),
    body_draft: z.string().nullable(),
    body_draft_updated_at: isoDateTime.nullable(),
    published_at: isoDateTime.nullable(),
    notify_subscribers: z.boolean(),
    notify_twitter: z.boolean(),
    custom_tweet: z.string().nullable(),
    created_at: isoDateTime.nullable(),
    updated_at: isoDateTime.nullable(),
  }),
);
export type PostmortemJson = z.output<typeof Postmortem>;

export const SavePostmortemBody = named('SavePostmortemBody', z.object({ postmortem: z.object({ body_draft: z.string() }) }));

export const PublishPostmortemBody = named(
  'PublishPostmortemBody',
  z.object({
    postmortem: z
      .object({ notify_subscribers: z.boolean(), notify_twitter: z.boolean(), custom_tweet: z.string() })
      .partial()
      .default({}),
  }),
);
