import { z } from 'zod/v4';
import { COMPONENT_STATUSES } from '../../../core/component-status.js';
import { named } from '../registry.js';
import { isoDateTime } from './common.js';

/** Statuspage's enum: the five statuses, and '' (no change) as its clients sometimes send. */
const STATUS_INPUT = [...COMPONENT_STATUSES, ''] as const;

const day = z.string().meta({ format: 'date' });

/** Statuspage's Component; `components` (the children's ids) only on groups, as in the v2 API. */
export const Component = named(
  'Component',
  z.object({
    id: z.string(),
    page_id: z.string(),
    group_id: z.string().nullable(),
    created_at: isoDateTime,
    updated_at: isoDateTime,
    group: z.boolean(),
    name: z.string(),
    description: z.string().nullable(),
    position: z.number().int(),
    status: z.enum(COMPONENT_STATUSES),
    showcase: z.boolean(),
    only_show_if_degraded: z.boolean(),
    automation_email: z.string().nullable(),
    start_date: day.nullable(),
    components: z.array(z.string()).optional(),
  }),
);
export type ComponentJsonV1 = z.output<typeof Component>;

/** The fields a component body may carry; each is optional (a PATCH sends only what changes). */
const componentFields = z.object({
  name: z
    .string()
    .optional()
    .meta({ description: 'Display name; required on create.' }),
  description: z.string().nullable().optional(),
  status: z
    .enum(STATUS_INPUT)
    .optional()
    .meta({
      description:
        'On create, the initial status; on update, a change recorded in the component’s history (an empty string changes nothing).',
    }),
  group_id: z
    .string()
    .nullable()
    .optional()
    .meta({ description: 'The group to put it in; null for the top level.' }),
  showcase: z
    .boolean()
    .optional()
    .meta({ description: 'Show its uptime bars (default true).' }),
  only_show_if_degraded: z.boolean().optional(),
  start_date: day
    .nullable()
    .optional()
    .meta({ description: 'YYYY-MM-DD: uptime counts from this day.' }),
  slug: z
    .string()
    .optional()
    .meta({
      description:
        'Beacon: the address part for the component (made from the name when absent).',
    }),
});

export const ComponentCreate = named(
  'postPagesPageIdComponents',
  z.object({ component: componentFields }),
  'Create a component.',
);
export const ComponentUpdate = named(
  'patchPagesPageIdComponents',
  z.object({ component: componentFields }),
  'Update a component (PATCH and PUT alike).',
);

export const ComponentUptime = named(
  'ComponentUptime',
  z.object({
    id: z.string(),
    name: z.string(),
    range_start: day,
    range_end: day,
    uptime_percentage: z.number().nullable(),
    major_outage: z.number().int(),
    partial_outage: z.number().int(),
    warnings: z.array(z.string()),
    related_events: z.array(z.object({ id: z.string() })),
  }),
  'Uptime of a component over a range of days in the page’s time zone; seconds of outage; null percentage when nothing was observed.',
);
