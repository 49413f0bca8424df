import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { subscriberComponents } from '../../../db/schema.js';
import { listComponents } from '../read/components.js';
import { readPageSettings } from '../settings.js';
import { layoutView, type LayoutView } from './common.js';

export interface ChoiceOption {
  readonly id: string;
  readonly name: string;
  /** The group it sits in, for a heading; null at the top level. */
  readonly groupName: string | null;
  readonly checked: boolean;
}

export interface SubscriptionFormView {
  readonly layout: LayoutView;
  readonly options: readonly ChoiceOption[];
  /** Whether "all components" is selected. */
  readonly all: boolean;
}

/** Leaf components one may subscribe to, in page order (groups are headings, not choices). */
export function choiceOptions(db: Db, checked: ReadonlySet<string>): ChoiceOption[] {
  const all = listComponents(db);
  const groups = new Map(all.filter((c) => c.isGroup).map((c) => [c.id, c.name]));
  return all
    .filter((c) => !c.isGroup)
    .map((c) => ({ id: c.id, name: c.name, groupName: c.groupId ? groups.get(c.groupId) ?? null : null, checked: checked.has(c.id) }));
}

export function choiceIds(db: Db): string[] {
  return choiceOptions(db, new Set()).map((o) => o.id);
}

/**
 * The subscribe form: everything preselected as "all", or only the component named by
 * `?component=<slug>` when someone came from that component's page. With `values` (a rejected
 * submit), the person's own choice is shown again.
 */
export function subscribeFormView(db: Db, now: number, preselectSlug: string | null, values: Readonly<Record<string, string>> | null): SubscriptionFormView {
  const layout = layoutView(readPageSettings(db, now));
  if (values) {
    const checked = new Set(Object.keys(values).filter((k) => k.startsWith('component:')).map((k) => k.slice('component:'.length)));
    return { layout, options: choiceOptions(db, checked), all: values.scope !== 'some' };
  }
  const pre = preselectSlug ? listComponents(db).find((c) => c.slug === preselectSlug && !c.isGroup) : undefined;
  return { layout, options: choiceOptions(db, new Set(pre ? [pre.id] : [])), all: !pre };
}

/** The manage form for an existing subscriber: their current choice. */
export function manageFormView(db: Db, now: number, subscriberId: string, allComponents: boolean): SubscriptionFormView {
  const chosen = db.select({ id: subscriberComponents.componentId }).from(subscriberComponents).where(eq(subscriberComponents.subscriberId, subscriberId)).all();
  return { layout: layoutView(readPageSettings(db, now)), options: choiceOptions(db, new Set(chosen.map((c) => c.id))), all: allComponents };
}
