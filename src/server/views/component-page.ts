import type { Db } from '../../../db/client.js';
import { clampPage, pageCount, parsePageParam } from '../../core/pagination.js';
import { countEventsForComponent, listEventsForComponent } from '../read/events.js';
import { findComponentById, findComponentBySlug, listGroupMembers, statusHistorySince } from '../read/components.js';
import { readPageSettings } from '../settings.js';
import { layoutView, type ViewResult } from './common.js';
import { buildComponentTree, uptimeWindows, type ComponentView } from './component-tree.js';
import { loadEventViews, type EventView } from './event-view.js';
import type { Pager } from './pager.js';

export const EVENTS_PER_PAGE = 20;

export interface ComponentPageView {
  readonly component: ComponentView;
  readonly groupName: string | null;
  readonly events: readonly EventView[];
  readonly pager: Pager;
}

export function componentPageView(db: Db, slug: string, rawPage: string | null, now: number): ViewResult<ComponentPageView> {
  const settings = readPageSettings(db, now);
  const layout = layoutView(settings);
  const page = parsePageParam(rawPage);
  if (!page.ok) return { kind: 'bad_request', layout, message: page.message };
  const record = findComponentBySlug(db, slug);
  if (!record) return { kind: 'not_found', layout, message: `There is no component called “${slug}”.` };

  // Only the records this page shows: the front page's list of every component costs a status lookup each.
  const members = record.isGroup ? listGroupMembers(db, record.id) : [record];
  const windows = uptimeWindows(now, settings.timeZone);
  const history = statusHistorySince(db, members.map((m) => m.id), windows[0]!.start);
  // A component page always shows its subject, even one hidden from the front page while operational.
  const subject = (record.isGroup ? [record, ...members] : [{ ...record, groupId: null }]).map((r) => ({
    ...r,
    onlyShowIfDegraded: false,
  }));
  const component = buildComponentTree(subject, history, windows, now)[0];
  if (!component) return { kind: 'not_found', layout, message: `“${record.name}” has no components yet.` };

  const ids = [record.id, ...members.map((m) => m.id)];
  const pages = pageCount(countEventsForComponent(db, ids), EVENTS_PER_PAGE);
  const current = clampPage(page.page, pages);
  const records = listEventsForComponent(db, ids, EVENTS_PER_PAGE, (current - 1) * EVENTS_PER_PAGE);
  const group = record.groupId ? findComponentById(db, record.groupId) : null;
  return {
    kind: 'ok',
    layout,
    view: {
      component,
      groupName: group && group.archivedAt === null ? group.name : null,
      events: loadEventViews(db, records, settings.timeZone, now, 'latest'),
      pager: { page: current, pages },
    },
  };
}
