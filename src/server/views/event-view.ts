import { COMPONENT_STATUS_LABELS, type ComponentStatus } from '../../core/component-status.js';
import { deriveEventStatus } from '../../core/event-status.js';
import { formatDuration } from '../../core/format.js';
import { eventImpact, IMPACT_LABELS, type Impact } from '../../core/impact.js';
import { EVENT_STATUS_LABELS, isClosedStatus, type EventKind, type EventStatus } from '../../core/incident-status.js';
import { SEVERITY_INFO, type Severity } from '../../core/severity.js';
import { renderMarkdown } from '../markdown.js';
import type { Db } from '../../../db/client.js';
import type { EventRecord } from '../read/events.js';
import { affectedComponentsOf, announcedStatusesOf, latestUpdatesOf, updatesForEvents, type AffectedComponent, type UpdateRecord } from '../read/event-updates.js';
import { timeView, type TimeView } from './common.js';

export interface ChangeView {
  readonly name: string;
  readonly href: string;
  readonly oldStatus: ComponentStatus;
  readonly newStatus: ComponentStatus;
  readonly oldLabel: string;
  readonly newLabel: string;
}

export interface UpdateView {
  readonly id: string;
  readonly status: EventStatus;
  readonly statusLabel: string;
  readonly html: string;
  readonly at: TimeView;
  readonly changes: readonly ChangeView[];
}

export interface EventView {
  readonly id: string;
  readonly href: string;
  readonly kind: EventKind;
  readonly reference: string;
  readonly title: string;
  readonly status: EventStatus;
  readonly statusLabel: string;
  readonly closed: boolean;
  readonly impact: Impact;
  readonly impactLabel: string;
  readonly severity: Severity | null;
  readonly severityLabel: string | null;
  readonly startedAt: TimeView | null;
  readonly closedAt: TimeView | null;
  readonly scheduledFor: TimeView | null;
  readonly scheduledUntil: TimeView | null;
  /** "2 h 15 min" once closed; how long it has been going on otherwise. */
  readonly duration: string | null;
  readonly affected: readonly { name: string; href: string }[];
  /** Newest first: the whole timeline, or only the newest update for lists. */
  readonly updates: readonly UpdateView[];
  readonly postmortemHtml: string | null;
  readonly postmortemPublishedAt: TimeView | null;
}

export function eventHref(id: string): string {
  return `/incidents/${encodeURIComponent(id)}`;
}

/**
 * Everything a page shows of one event. `updates` must be the event's whole timeline
 * (impact derives from it); `timeline` says how much of it gets rendered. `now` only
 * feeds the running duration of open events.
 */
export function buildEventView(
  record: EventRecord,
  updates: readonly UpdateRecord[],
  affected: readonly AffectedComponent[],
  timeZone: string,
  now: number,
  timeline: 'all' | 'latest',
): EventView {
  const shown = timeline === 'all' ? [...updates].reverse() : updates.slice(-1);
  const announced = updates.flatMap((u) => u.changes.map((c) => c.newStatus));
  return eventView(record, shown, announced, affected, timeZone, now);
}

/** `shown`: the updates to render, newest first; `announced`: every status the timeline set, for the impact. */
function eventView(
  record: EventRecord,
  shown: readonly UpdateRecord[],
  announced: readonly ComponentStatus[],
  affected: readonly AffectedComponent[],
  timeZone: string,
  now: number,
): EventView {
  const status = deriveEventStatus(record.kind, record.latestUpdateStatus, record.postmortemPublishedAt !== null);
  const closed = isClosedStatus(status);
  const impact = eventImpact(record.kind, announced, record.impactOverride);
  const startedAt = record.startedAt;
  const end = closed ? record.closedAt : now;
  const duration = startedAt !== null && end !== null && end >= startedAt ? formatDuration(end - startedAt) : null;
  const at = (ms: number | null): TimeView | null => (ms === null ? null : timeView(ms, timeZone));
  return {
    id: record.id,
    href: eventHref(record.id),
    kind: record.kind,
    reference: record.reference,
    title: record.title,
    status,
    statusLabel: EVENT_STATUS_LABELS[status],
    closed,
    impact,
    impactLabel: IMPACT_LABELS[impact],
    severity: record.severity,
    severityLabel: record.severity ? SEVERITY_INFO[record.severity].label : null,
    startedAt: at(startedAt),
    closedAt: closed ? at(record.closedAt) : null,
    scheduledFor: at(record.scheduledFor),
    scheduledUntil: at(record.scheduledUntil),
    duration,
    affected: affected.map((c) => ({ name: c.name, href: `/components/${encodeURIComponent(c.slug)}` })),
    updates: shown.map((u) => updateView(u, timeZone)),
    postmortemHtml:
      record.postmortemPublishedAt !== null && record.postmortemBody ? renderMarkdown(record.postmortemBody) : null,
    postmortemPublishedAt: at(record.postmortemPublishedAt),
  };
}

/**
 * `html` is rendered from the body when first read, then kept: lists carry each event's newest
 * update, but most lists (history, the front page's past week, a component's events) never print
 * it, and rendering markdown is the dearest part of an event's view.
 */
function updateView(u: UpdateRecord, timeZone: string): UpdateView {
  let html: string | undefined;
  return {
    id: u.id,
    status: u.status,
    statusLabel: EVENT_STATUS_LABELS[u.status],
    get html(): string {
      html ??= renderMarkdown(u.body);
      return html;
    },
    at: timeView(u.displayAt, timeZone),
    changes: u.changes.map((c) => ({
      name: c.name,
      href: `/components/${encodeURIComponent(c.slug)}`,
      oldStatus: c.oldStatus,
      newStatus: c.newStatus,
      oldLabel: COMPONENT_STATUS_LABELS[c.oldStatus],
      newLabel: COMPONENT_STATUS_LABELS[c.newStatus],
    })),
  };
}

/**
 * Views of many events in a fixed number of queries, whatever their number. Lists ('latest')
 * load only each event's newest update and the statuses its timeline announced, never whole
 * timelines: a page of history would otherwise read and carry every update of every event.
 */
export function loadEventViews(
  db: Db,
  records: readonly EventRecord[],
  timeZone: string,
  now: number,
  timeline: 'all' | 'latest',
): EventView[] {
  const ids = records.map((r) => r.id);
  const affected = affectedComponentsOf(db, ids);
  if (timeline === 'all') {
    const updates = updatesForEvents(db, ids);
    return records.map((r) => buildEventView(r, updates.get(r.id) ?? [], affected.get(r.id) ?? [], timeZone, now, 'all'));
  }
  const latest = latestUpdatesOf(db, ids);
  const announced = announcedStatusesOf(db, ids);
  return records.map((r) => {
    const newest = latest.get(r.id);
    return eventView(r, newest ? [newest] : [], announced.get(r.id) ?? [], affected.get(r.id) ?? [], timeZone, now);
  });
}
