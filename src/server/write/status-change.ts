import type { Db } from '../../../db/client.js';
import { componentStatusChanges } from '../../../db/schema.js';
import type { ComponentStatus, StatusCause } from '../../core/component-status.js';
import { enqueueComponentUpdate } from '../outbox/enqueue.js';
import { announceStatusChange } from '../team-channels/announce.js';

/** One row of a leaf component's status history, as the writers (form, API, updates, alerts, scheduler) describe it. */
export interface StatusChange {
  readonly componentId: string;
  /** The status it replaces; null for a new component's first row, which changes nothing. */
  readonly from: ComponentStatus | null;
  readonly to: ComponentStatus;
  /** When the status takes effect on the page, ms since the epoch. */
  readonly at: number;
  readonly cause: StatusCause;
  readonly eventId?: string | null;
  readonly updateId?: string | null;
  /** Who made the change; null for the system. */
  readonly actorId?: string | null;
  /** The alert that set it (cause 'alert'). */
  readonly alertId?: string | null;
}

/** Who hears of a change that is news: the team's channels, the subscribers' endpoints. */
export interface Telling {
  readonly team: boolean;
  readonly subscribers: boolean;
}

/**
 * The one write of a component status change: its history row and, in the same transaction, what
 * it owes — the team's message and one `component_update` per subscriber who follows the
 * component. A row that keeps the status (or a component's first one) tells nobody.
 * Call inside the use-case's transaction. Returns the row's id.
 */
export function recordStatusChange(db: Db, change: StatusChange, tell: Telling, now: number): number {
  const id = db
    .insert(componentStatusChanges)
    .values({
      componentId: change.componentId,
      status: change.to,
      at: change.at,
      cause: change.cause,
      eventId: change.eventId ?? null,
      updateId: change.updateId ?? null,
      actorId: change.actorId ?? null,
      alertId: change.alertId ?? null,
    })
    .returning({ id: componentStatusChanges.id })
    .get().id;
  const from = change.from;
  if (from === null || from === change.to) return id;
  if (tell.team) announceStatusChange(db, { componentId: change.componentId, from, to: change.to, cause: change.cause, eventId: change.eventId ?? null }, now);
  // A change an update carries reaches chat subscribers in that update's own message, which names the components.
  if (tell.subscribers) enqueueComponentUpdate(db, { changeId: id, componentId: change.componentId, from, chat: change.updateId == null }, now);
  return id;
}
