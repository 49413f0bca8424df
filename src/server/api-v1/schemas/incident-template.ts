import { z } from 'zod/v4';
import { EVENT_KINDS, INCIDENT_STATUSES, MAINTENANCE_STATUSES } from '../../../core/incident-status.js';
import { named } from '../registry.js';
import { Component } from './component.js';

/** Statuspage's template statuses: every incident and maintenance status but postmortem (reached only by publishing one). */
export const TEMPLATE_UPDATE_STATUSES = [...INCIDENT_STATUSES.filter((s) => s !== 'postmortem'), ...MAINTENANCE_STATUSES] as const;

export const IncidentTemplate = named(
  'IncidentTemplate',
  z.object({
    id: z.string(),
    /** Beacon: incident or maintenance (Statuspage infers it from the status). */
    kind: z.enum(EVENT_KINDS),
    name: z.string(),
    title: z.string(),
    body: z.string(),
    update_status: z.enum(TEMPLATE_UPDATE_STATUSES),
    components: z.array(Component),
    group_id: z.null(),
    should_tweet: z.boolean(),
    should_send_notifications: z.boolean(),
  }),
  'A template for an incident or maintenance update. Beacon templates carry no components (they are chosen when the event is opened), so `components` is empty.',
);
export type IncidentTemplateJson = z.output<typeof IncidentTemplate>;

const templateFields = {
  name: z.string().meta({ description: 'Name in the list of templates; unique within its kind.' }),
  title: z.string().meta({ description: 'Prefills a new event’s title; may use placeholders.' }),
  body: z.string().meta({ description: 'The update’s message; may use placeholders.' }),
  update_status: z.enum(TEMPLATE_UPDATE_STATUSES).optional().meta({ description: 'The status it moves to; also decides the kind (a maintenance status makes a maintenance template). Default: the kind’s first.' }),
  kind: z.enum(EVENT_KINDS).optional().meta({ description: 'Beacon: incident or maintenance, when no update_status says which.' }),
  component_ids: z.array(z.string()).optional().meta({ description: 'Must be empty or absent: Beacon templates carry no components.' }),
};

export const IncidentTemplateCreate = named('postPagesPageIdIncidentTemplates', z.object({ template: z.object(templateFields) }), 'Create a template.');

export const IncidentTemplateUpdate = named(
  'patchPagesPageIdIncidentTemplates',
  z.object({ template: z.object(templateFields).partial() }),
  'Beacon: update a template; fields not sent keep their value.',
);
