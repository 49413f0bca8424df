import { z } from 'zod';
import { COMPONENT_STATUSES, type ComponentStatus } from '../../core/component-status.js';
import { isSlug, slugify, SLUG_MAX } from '../../core/slug.js';
import { checkDayInBounds, type DateBounds } from '../../core/date-bounds.js';
import { isDayKey } from '../../core/time.js';
import type { ComponentDefinition } from '../write/components.js';
import { collect, type Parsed } from './incident-form.js';

export const NAME_MAX = 100;
export const DESCRIPTION_MAX = 500;

export const COMPONENT_KINDS = ['component', 'group'] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

/** What the "new component" form creates: a definition and whether it is a group. */
export interface NewComponentFields extends ComponentDefinition {
  readonly isGroup: boolean;
}

/** Form field names; the checkboxes are present ('on') only when ticked. */
export const FIELD = {
  kind: 'kind',
  name: 'name',
  slug: 'slug',
  description: 'description',
  group: 'group',
  startDate: 'start_date',
  showcase: 'showcase',
  onlyShowIfDegraded: 'only_if_degraded',
  status: 'status',
} as const;

const definition = z.object({
  [FIELD.name]: z
    .string({ required_error: 'Give the component a name.' })
    .trim()
    .min(1, 'Give the component a name.')
    .max(NAME_MAX, `Keep the name under ${NAME_MAX} characters.`),
  [FIELD.slug]: z.string().trim().toLowerCase().default(''),
  [FIELD.description]: z.string().trim().max(DESCRIPTION_MAX, `Keep the description under ${DESCRIPTION_MAX} characters.`).default(''),
  [FIELD.group]: z.string().trim().default(''),
  [FIELD.startDate]: z
    .string()
    .trim()
    .default('')
    .refine((v) => v === '' || isDayKey(v), 'Give the start date as YYYY-MM-DD, e.g. 2026-01-31, or leave it empty.'),
});

/** The address given, or one made from the name when left empty. */
function slugOf(given: string, name: string, errors: Record<string, string>): string {
  const slug = given === '' ? slugify(name) : given;
  if (slug === '') errors[FIELD.slug] = 'Give an address: the name has no letters or digits to make one from.';
  else if (!isSlug(slug)) errors[FIELD.slug] = `Use lower-case letters, digits and single hyphens, at most ${SLUG_MAX} characters (e.g. “payments-api”).`;
  return slug;
}

/**
 * A component's definition. Groups carry no uptime window, bars or visibility rule of their
 * own (the page draws them from their children's), so those fields are fixed for them; a group
 * posted with a group is kept as sent, for the use-case to refuse.
 */
export function parseComponentForm(form: Record<string, string>, isGroup: boolean, bounds: DateBounds): Parsed<ComponentDefinition> {
  const errors: Record<string, string> = {};
  const fields = definition.safeParse(form);
  collect(fields, errors);
  if (!fields.success) {
    // A typed address is checked even when other fields are wrong, so every error shows at once.
    const typed = (form[FIELD.slug] ?? '').trim().toLowerCase();
    if (typed !== '') slugOf(typed, '', errors);
    return { ok: false, errors };
  }
  const d = fields.data;
  const slug = slugOf(d[FIELD.slug], d[FIELD.name], errors);
  const outside = d[FIELD.startDate] === '' ? null : checkDayInBounds(d[FIELD.startDate], bounds);
  if (outside !== null) errors[FIELD.startDate] = outside;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name: d[FIELD.name],
      slug,
      description: d[FIELD.description] === '' ? null : d[FIELD.description],
      groupId: d[FIELD.group] === '' ? null : d[FIELD.group],
      startDate: isGroup || d[FIELD.startDate] === '' ? null : d[FIELD.startDate],
      showcase: isGroup || form[FIELD.showcase] === 'on',
      onlyShowIfDegraded: !isGroup && form[FIELD.onlyShowIfDegraded] === 'on',
    },
  };
}

export function parseNewComponentForm(form: Record<string, string>, bounds: DateBounds): Parsed<NewComponentFields> {
  const kind = z.enum(COMPONENT_KINDS).safeParse(form[FIELD.kind]);
  const parsed = parseComponentForm(form, kind.success && kind.data === 'group', bounds);
  const errors: Record<string, string> = parsed.ok ? {} : { ...parsed.errors };
  if (!kind.success) errors[FIELD.kind] = 'Choose a component or a group.';
  if (!parsed.ok || !kind.success) return { ok: false, errors };
  return { ok: true, value: { ...parsed.value, isGroup: kind.data === 'group' } };
}

export function parseStatusForm(form: Record<string, string>): Parsed<{ status: ComponentStatus }> {
  const status = z.enum(COMPONENT_STATUSES).safeParse(form[FIELD.status]);
  return status.success ? { ok: true, value: { status: status.data } } : { ok: false, errors: { [FIELD.status]: 'Choose a status from the list.' } };
}
