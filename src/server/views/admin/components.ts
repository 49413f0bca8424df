import type { Db } from '../../../../db/client.js';
import { COMPONENT_STATUS_LABELS, worstStatus, type ComponentStatus, type StatusCause } from '../../../core/component-status.js';
import { formatDayKey } from '../../../core/format.js';
import { FIELD } from '../../forms/component-form.js';
import {
  findComponentById,
  listArchivedComponents,
  listComponents,
  recentStatusChanges,
  type AdminComponentRecord,
  type ComponentRecord,
} from '../../read/components.js';
import { readPageSettings } from '../../settings.js';
import { timeView, type TimeView } from '../common.js';
import { leafStatus } from '../current-status.js';
import type { Option } from './incident-editor.js';

export interface ComponentRow {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly isGroup: boolean;
  /** Drawn indented under its group. */
  readonly inGroup: boolean;
  /** A leaf's status, a group's worst child's; null for a group with no components yet. */
  readonly status: ComponentStatus | null;
  readonly statusLabel: string;
  readonly showcase: boolean;
  readonly onlyShowIfDegraded: boolean;
  /** "Jan 31, 2026", or null: uptime counts from the first status record. */
  readonly startDate: string | null;
  /** Whether there is a sibling above / below to swap with. */
  readonly canMoveUp: boolean;
  readonly canMoveDown: boolean;
}

export interface ArchivedRow {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly isGroup: boolean;
  readonly archivedAt: TimeView;
}

export interface ComponentListView {
  readonly pageName: string;
  /** Live components in page order, each group followed by its children. */
  readonly rows: readonly ComponentRow[];
  readonly archived: readonly ArchivedRow[];
}

function statusOf(c: ComponentRecord, all: readonly ComponentRecord[]): ComponentStatus | null {
  if (!c.isGroup) return leafStatus(c);
  const children = all.filter((k) => k.groupId === c.id);
  return children.length === 0 ? null : worstStatus(children.map(leafStatus));
}

/** The admin list: every live component and group in page order, and the archived ones apart. */
export function componentListView(db: Db, now: number): ComponentListView {
  const settings = readPageSettings(db, now);
  const all = listComponents(db);
  const ids = new Set(all.map((c) => c.id));
  const rows = all.map((c): ComponentRow => {
    const siblings = all.filter((s) => s.groupId === c.groupId);
    const i = siblings.indexOf(c);
    const status = statusOf(c, all);
    return {
      id: c.id,
      name: c.name,
      slug: c.slug,
      isGroup: c.isGroup,
      inGroup: c.groupId !== null && ids.has(c.groupId),
      status,
      statusLabel: status === null ? 'No components yet' : COMPONENT_STATUS_LABELS[status],
      showcase: c.showcase,
      onlyShowIfDegraded: c.onlyShowIfDegraded,
      startDate: c.startDate === null ? null : formatDayKey(c.startDate),
      canMoveUp: i > 0,
      canMoveDown: i < siblings.length - 1,
    };
  });
  const archived = listArchivedComponents(db).map(
    (c): ArchivedRow => ({ id: c.id, name: c.name, slug: c.slug, isGroup: c.isGroup, archivedAt: timeView(c.archivedAt!, settings.timeZone) }),
  );
  return { pageName: settings.name, rows, archived };
}

const CAUSE_LABELS: Readonly<Record<StatusCause, string>> = {
  incident: 'Incident',
  maintenance: 'Maintenance',
  manual: 'Set by hand',
  import: 'Imported',
  alert: 'Alert',
};

export interface HistoryRow {
  readonly at: TimeView;
  readonly status: ComponentStatus;
  readonly statusLabel: string;
  readonly causeLabel: string;
  /** Who set it; "system" when no one did (creation, the scheduler). */
  readonly by: string;
  /** The public page of the incident or maintenance that set it, if any. */
  readonly eventHref: string | null;
}

export interface ComponentEditorView {
  readonly pageName: string;
  readonly record: AdminComponentRecord;
  readonly status: ComponentStatus | null;
  readonly statusLabel: string;
  /** When it was archived; null while live. */
  readonly archivedAt: TimeView | null;
  /** Its public page; null while archived (it has none). */
  readonly publicHref: string | null;
  /** The group it is in, for display. */
  readonly groupName: string | null;
  /** Groups a leaf may be placed in ('' for none); empty for a group (they stay at the top level). */
  readonly groups: readonly Option[];
  readonly history: readonly HistoryRow[];
}

const HISTORY_SHOWN = 10;

/** Live groups a component may go into, '' first for the top level. */
export function groupOptions(db: Db, exceptId: string | null): readonly Option[] {
  return [
    { value: '', label: 'None (top level)' },
    ...listComponents(db)
      .filter((c) => c.isGroup && c.id !== exceptId)
      .map((g) => ({ value: g.id, label: g.name })),
  ];
}

export function componentEditorView(db: Db, id: string, now: number): ComponentEditorView | null {
  const record = findComponentById(db, id);
  if (!record) return null;
  const settings = readPageSettings(db, now);
  const all = listComponents(db);
  const status = statusOf(record, all);
  const group = record.groupId === null ? null : findComponentById(db, record.groupId);
  return {
    pageName: settings.name,
    record,
    status,
    statusLabel: status === null ? 'No components yet' : COMPONENT_STATUS_LABELS[status],
    archivedAt: record.archivedAt === null ? null : timeView(record.archivedAt, settings.timeZone),
    publicHref: record.archivedAt === null ? `/components/${record.slug}` : null,
    groupName: group?.name ?? null,
    groups: record.isGroup ? [] : groupOptions(db, record.id),
    history: record.isGroup
      ? []
      : recentStatusChanges(db, record.id, HISTORY_SHOWN).map((h) => ({
          at: timeView(h.at, settings.timeZone),
          status: h.status,
          statusLabel: COMPONENT_STATUS_LABELS[h.status],
          causeLabel: CAUSE_LABELS[h.cause],
          by: h.alertName !== null ? `alert “${h.alertName}”` : (h.actorName ?? 'system'),
          eventHref: h.eventId === null ? null : `/incidents/${h.eventId}`,
        })),
  };
}

/** The edit form's starting values: the stored definition (checkboxes 'on' when set, absent otherwise). */
export function componentFormValues(record: ComponentRecord): Record<string, string> {
  const values: Record<string, string> = {
    [FIELD.name]: record.name,
    [FIELD.slug]: record.slug,
    [FIELD.description]: record.description ?? '',
    [FIELD.group]: record.groupId ?? '',
    [FIELD.startDate]: record.startDate ?? '',
  };
  if (record.showcase) values[FIELD.showcase] = 'on';
  if (record.onlyShowIfDegraded) values[FIELD.onlyShowIfDegraded] = 'on';
  return values;
}

/** A fresh "new component" form: a component with uptime bars shown. */
export function newComponentValues(): Record<string, string> {
  return { [FIELD.kind]: 'component', [FIELD.showcase]: 'on' };
}

/** The notice after a successful action (the `done` query parameter), or null. */
export function doneNotice(done: string | null): string | null {
  switch (done) {
    case 'created':
      return 'Created. It is on the public page now.';
    case 'saved':
      return 'Saved.';
    case 'status':
      return 'Status changed. It is on the public page now.';
    case 'archived':
      return 'Archived. It no longer appears on the public page, in the API, feeds or badges.';
    case 'unarchived':
      return 'Restored. It is on the public page again.';
    default:
      return null;
  }
}
