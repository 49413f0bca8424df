import type { Db } from '../../../../db/client.js';
import { postmortemTemplate } from '../../../core/postmortem.js';
import { SEVERITY_INFO } from '../../../core/severity.js';
import { findEvent, type EventRecord } from '../../read/events.js';
import { affectedComponentsOf, updatesForEvents } from '../../read/event-updates.js';
import { readPageSettings } from '../../settings.js';
import { timeView, type TimeView } from '../common.js';

export type PostmortemState = 'none' | 'draft' | 'published';

export interface PostmortemEditorView {
  readonly record: EventRecord;
  readonly state: PostmortemState;
  readonly publishedAt: TimeView | null;
  /** Where the editor posts. */
  readonly action: string;
  /**
   * The form's starting values: the stored text, or the template filled with what we know.
   * "Notify subscribers" starts ticked for the first publication and unticked once published,
   * so correcting a typo does not mail everyone again unless someone asks for it.
   */
  readonly defaults: Readonly<Record<string, string>>;
}

/** The starting draft for an incident: the playbooks' sections with its facts filled in. */
function postmortemDraftFor(db: Db, record: EventRecord, timeZone: string): string {
  const updates = updatesForEvents(db, [record.id]).get(record.id) ?? [];
  const affected = affectedComponentsOf(db, [record.id]).get(record.id) ?? [];
  return postmortemTemplate(
    {
      title: record.title,
      severityLabel: record.severity ? SEVERITY_INFO[record.severity].label : null,
      startedAt: record.startedAt ?? record.sortAt,
      resolvedAt: record.closedAt,
      componentNames: affected.map((c) => c.name),
      updates: updates.map((u) => ({ at: u.displayAt, status: u.status, body: u.body, changes: u.changes })),
    },
    timeZone,
  );
}

/**
 * The postmortem editor of a resolved incident, or null for anything else (an open incident,
 * maintenance, an unknown id): a postmortem is written once the incident is over.
 */
export function postmortemEditorView(db: Db, id: string, now: number): PostmortemEditorView | null {
  const record = findEvent(db, id);
  if (!record || record.kind !== 'incident' || (record.latestUpdateStatus !== 'resolved' && record.latestUpdateStatus !== 'postmortem')) return null;
  const timeZone = readPageSettings(db, now).timeZone;
  const state: PostmortemState = record.postmortemPublishedAt !== null ? 'published' : record.postmortemBody ? 'draft' : 'none';
  return {
    record,
    state,
    publishedAt: record.postmortemPublishedAt === null ? null : timeView(record.postmortemPublishedAt, timeZone),
    action: `/admin/incidents/${record.id}/postmortem`,
    defaults: { body: record.postmortemBody ?? postmortemDraftFor(db, record, timeZone), notify: state === 'published' ? '' : 'on' },
  };
}
