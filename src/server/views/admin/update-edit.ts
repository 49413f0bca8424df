import type { Db } from '../../../../db/client.js';
import { EVENT_STATUS_LABELS, type EventStatus } from '../../../core/incident-status.js';
import { toDateTimeLocal } from '../../../core/time.js';
import { findEvent, type EventRecord } from '../../read/events.js';
import { findUpdate } from '../../read/event-updates.js';
import { readPageSettings } from '../../settings.js';
import { timeView, type TimeView } from '../common.js';

export interface UpdateEditView {
  readonly record: EventRecord;
  readonly adminHref: string;
  readonly update: {
    readonly id: string;
    readonly status: EventStatus;
    readonly statusLabel: string;
    readonly body: string;
    /** Epoch ms as stored. */
    readonly displayAt: number;
    readonly at: TimeView;
  };
  readonly timeZone: string;
  /** The latest value the time field accepts (now, on the page's wall clock). */
  readonly maxLocal: string;
  /** The form's starting values: the stored text and time. */
  readonly defaults: Readonly<Record<string, string>>;
}

/** The edit page of one update of an incident, or null when either is unknown or the update is another event's. */
export function updateEditView(db: Db, eventId: string, updateId: string, now: number): UpdateEditView | null {
  const record = findEvent(db, eventId);
  const update = findUpdate(db, updateId);
  if (!record || record.kind !== 'incident' || !update || update.eventId !== record.id) return null;
  const timeZone = readPageSettings(db, now).timeZone;
  return {
    record,
    adminHref: `/admin/incidents/${record.id}`,
    update: {
      id: update.id,
      status: update.status,
      statusLabel: EVENT_STATUS_LABELS[update.status],
      body: update.body,
      displayAt: update.displayAt,
      at: timeView(update.displayAt, timeZone),
    },
    timeZone,
    maxLocal: toDateTimeLocal(now, timeZone),
    defaults: { message: update.body, displayAt: toDateTimeLocal(update.displayAt, timeZone) },
  };
}
