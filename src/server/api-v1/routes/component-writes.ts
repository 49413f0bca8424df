import type { Db } from '../../../../db/client.js';
import type { ComponentStatus } from '../../../core/component-status.js';
import type { Actor } from '../../audit.js';
import { FIELD, parseComponentForm } from '../../forms/component-form.js';
import { pageDateBounds } from '../../settings.js';
import { listGroupMembers, type ComponentRecord } from '../../read/components.js';
import { archiveComponent, editComponent } from '../../use-cases/components.js';
import { FieldRejectedError, type ComponentDefinition } from '../../write/components.js';
import { ApiError } from '../errors.js';
import type { PageContext } from '../route.js';
import { formRefusal } from './form-refusal.js';

/** A component's definition as the API names it; absent fields keep their value. */
export interface DefinitionInput {
  readonly name?: string | undefined;
  readonly slug?: string | undefined;
  readonly description?: string | null | undefined;
  readonly group_id?: string | null | undefined;
  readonly showcase?: boolean | undefined;
  readonly only_show_if_degraded?: boolean | undefined;
  readonly start_date?: string | null | undefined;
}

export function definitionOf(c: ComponentRecord): ComponentDefinition {
  return {
    name: c.name,
    slug: c.slug,
    description: c.description,
    groupId: c.groupId,
    startDate: c.startDate,
    showcase: c.showcase,
    onlyShowIfDegraded: c.onlyShowIfDegraded,
  };
}

/**
 * The definition after applying `input` to `base`, checked by the admin form's own parser (name
 * and description limits, the address made from the name, the start date's format) and the
 * start date's bounds. `prefix` is the body's wrapper, for naming fields in refusals.
 */
export function checkedDefinition(input: DefinitionInput, base: ComponentDefinition, isGroup: boolean, prefix: string, page: PageContext, now: number): ComponentDefinition {
  const pick = <T>(given: T | undefined, current: T): T => (given === undefined ? current : given);
  const form: Record<string, string> = {
    [FIELD.name]: pick(input.name, base.name),
    [FIELD.slug]: pick(input.slug, base.slug),
    [FIELD.description]: pick(input.description, base.description) ?? '',
    [FIELD.group]: pick(input.group_id, base.groupId) ?? '',
    [FIELD.startDate]: pick(input.start_date, base.startDate) ?? '',
  };
  if (pick(input.showcase, base.showcase)) form[FIELD.showcase] = 'on';
  if (pick(input.only_show_if_degraded, base.onlyShowIfDegraded)) form[FIELD.onlyShowIfDegraded] = 'on';
  const parsed = parseComponentForm(form, isGroup, pageDateBounds(page.settings, now));
  if (!parsed.ok) {
    const names = { name: 'name', slug: 'slug', description: 'description', group: 'group_id', start_date: 'start_date' };
    throw formRefusal(parsed.errors, Object.fromEntries(Object.entries(names).map(([k, v]) => [k, `${prefix}.${v}`])));
  }
  return parsed.value;
}

/** Runs a component use-case, answering a taken address with 409 and a refused group with 422 naming the field. */
export function withComponentConflicts<T>(prefix: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof FieldRejectedError && e.field === 'slug') throw new ApiError(409, `${e.message} Send another “${prefix}.slug”.`);
    if (e instanceof FieldRejectedError && e.field === 'group') throw new ApiError(422, `The field “${prefix}.group_id” is not valid: ${e.message}`);
    throw e;
  }
}

/**
 * Deletes a group as Statuspage does: its components move to the top level (each move audited,
 * as an owner's edit would be), then the group is archived. One transaction: the caller's.
 */
export function archiveGroupReleasing(db: Db, group: ComponentRecord, actor: Actor, now: number): void {
  for (const child of listGroupMembers(db, group.id)) editComponent(db, child.id, { ...definitionOf(child), groupId: null }, actor, now);
  archiveComponent(db, group.id, actor, now);
}

/** A status sent with a component body: "" or the current one changes nothing (a script may repeat itself). */
export function statusChange(sent: ComponentStatus | '' | undefined, current: ComponentRecord): ComponentStatus | null {
  if (sent === undefined || sent === '') return null;
  if (!current.isGroup && sent === (current.latestStatus ?? 'operational')) return null;
  return sent;
}
