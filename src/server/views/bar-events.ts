import type { Db } from '../../../db/client.js';
import { eventTitles } from '../read/events.js';
import type { ComponentView } from './component-tree.js';
import { eventHref } from './event-view.js';

/** An event a day's popover links to: its address and title. */
export type BarEvents = Readonly<Record<string, readonly [href: string, title: string]>>;

/**
 * The events named by any day drawn on the page, once each, for the day popovers (the bars carry
 * only the ids; most rows name none). Events deleted since are left out.
 */
export function barEventsOf(db: Db, rows: readonly ComponentView[]): BarEvents {
  const ids = new Set<string>();
  const visit = (c: ComponentView): void => {
    for (const m of c.chart.marks) for (const id of m.events.split(' ')) if (id) ids.add(id);
    c.children.forEach(visit);
  };
  rows.forEach(visit);
  const out: Record<string, readonly [string, string]> = {};
  for (const [id, title] of eventTitles(db, [...ids])) out[id] = [eventHref(id), title];
  return out;
}
