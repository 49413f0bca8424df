import { inArray } from 'drizzle-orm';
import type { Db } from '../../../../db/client.js';
import { events } from '../../../../db/schema.js';
import { describeAuditDiff, type DiffLine } from '../../../core/audit-diff.js';
import { clampPage, pageCount, parsePageParam } from '../../../core/pagination.js';
import { auditFacets, countAudit, listAudit, type AuditFilter } from '../../read/audit.js';
import { readPageSettings } from '../../settings.js';
import { timeView, type TimeView } from '../common.js';
import type { Pager } from '../pager.js';

export const AUDIT_PER_PAGE = 50;

export interface AuditEntryView {
  readonly id: number;
  readonly at: TimeView;
  readonly actor: string;
  readonly action: string;
  readonly objectType: string;
  readonly objectId: string | null;
  /** The object's admin page while it still exists. */
  readonly objectHref: string | null;
  readonly diff: readonly DiffLine[];
}

export interface AuditLogView {
  readonly pageName: string;
  readonly entries: readonly AuditEntryView[];
  readonly total: number;
  readonly pager: Pager;
  /** This page's path with its filters, for the pager's links. */
  readonly path: string;
  readonly filter: { readonly objectType: string; readonly actor: string };
  readonly objectTypes: readonly string[];
  readonly actors: readonly string[];
}

export type AuditLogResult = { readonly kind: 'ok'; readonly view: AuditLogView } | { readonly kind: 'bad_request'; readonly pageName: string; readonly message: string };

/** The audit log, newest first, filtered by `?type=` (object type) and `?actor=` (label), paged by `?page=`. */
export function auditLogView(db: Db, params: URLSearchParams, now: number): AuditLogResult {
  const settings = readPageSettings(db, now);
  const page = parsePageParam(params.get('page'));
  if (!page.ok) return { kind: 'bad_request', pageName: settings.name, message: page.message };
  const filter: AuditFilter = { objectType: params.get('type') || null, actor: params.get('actor') || null };
  const total = countAudit(db, filter);
  const pages = pageCount(total, AUDIT_PER_PAGE);
  const current = clampPage(page.page, pages);
  const rows = listAudit(db, filter, AUDIT_PER_PAGE, (current - 1) * AUDIT_PER_PAGE);
  const incidentIds = rows.filter((r) => r.objectType === 'incident' && r.objectId !== null).map((r) => r.objectId!);
  const live = new Set(incidentIds.length === 0 ? [] : db.select({ id: events.id }).from(events).where(inArray(events.id, incidentIds)).all().map((e) => e.id));
  const query = new URLSearchParams();
  if (filter.objectType) query.set('type', filter.objectType);
  if (filter.actor) query.set('actor', filter.actor);
  const facets = auditFacets(db);
  return {
    kind: 'ok',
    view: {
      pageName: settings.name,
      entries: rows.map((r) => ({
        id: r.id,
        at: timeView(r.at, settings.timeZone),
        actor: r.actorLabel,
        action: r.action,
        objectType: r.objectType,
        objectId: r.objectId,
        objectHref: r.objectType === 'incident' && r.objectId !== null && live.has(r.objectId) ? `/admin/incidents/${r.objectId}` : null,
        diff: describeAuditDiff(r.diff),
      })),
      total,
      pager: { page: current, pages },
      path: query.toString() === '' ? '/admin/audit' : `/admin/audit?${query.toString()}`,
      filter: { objectType: filter.objectType ?? '', actor: filter.actor ?? '' },
      objectTypes: facets.objectTypes,
      actors: facets.actors,
    },
  };
}
