import { z } from 'zod/v4';
import { named } from '../registry.js';
import { isoDateTime } from './common.js';

export const GroupComponent = named(
  'GroupComponent',
  z.object({
    id: z.string(),
    page_id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    components: z.array(z.string()),
    position: z.number().int(),
    created_at: isoDateTime,
    updated_at: isoDateTime,
  }),
  'A component group: its components’ ids in page order.',
);
export type GroupComponentJson = z.output<typeof GroupComponent>;

/** A fresh schema per use: one object shared by two named schemas would be hoisted into a shared definition. */
const componentsField = (): z.ZodArray<z.ZodString> =>
  z.array(z.string()).meta({ description: 'Ids of the components in the group; they move into it, and on update others leave it.' });

export const ComponentGroupCreate = named(
  'postPagesPageIdComponentGroups',
  z.object({
    description: z.string().nullable().optional(),
    component_group: z.object({ name: z.string(), components: componentsField() }),
  }),
  'Create a component group.',
);

export const ComponentGroupUpdate = named(
  'patchPagesPageIdComponentGroups',
  z.object({
    description: z.string().nullable().optional(),
    component_group: z.object({ name: z.string().optional(), components: componentsField().optional() }).optional(),
  }),
  'Update a component group (PATCH and PUT alike): what is sent changes, the rest stays.',
);
