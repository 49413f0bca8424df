/**
 * What happened, as the team hears it: each function builds the message for one event and
 * queues it for the team channels that chose that event. Called inside the transaction of the
 * change (write/events, write/components, alerts), so the message and the change commit together.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { components, eventComponents } from '../../../db/schema.js';
import type { Tone } from '../../core/channels/message.js';
import { markdownToPlainText } from '../../core/channels/plain-text.js';
import { COMPONENT_STATUS_TONES } from '../../core/channels/words.js';
import type { ComponentStatus } from '../../core/component-status.js';
import type { EventStatus } from '../../core/incident-status.js';
import type { Severity } from '../../core/severity.js';
import { findEvent } from '../read/events.js';
import { readPageSettings } from '../settings.js';
import { enqueueTeamEvent } from './enqueue.js';
import { FACT_LABELS, STATUS_CAUSE_WORDS, TEAM_WORDS } from './words.js';

const SEVERITY_TONE: Readonly<Record<Severity, Tone>> = { SEV1: 'critical', SEV2: 'major', SEV3: 'minor', SEV4: 'minor' };

/** The tone of an event's update: resolved and completed are good news whatever the severity. */
export function eventTone(kind: 'incident' | 'maintenance', severity: Severity | null, status: EventStatus): Tone {
  if (status === 'resolved' || status === 'completed' || status === 'postmortem') return 'resolved';
  if (kind === 'maintenance') return 'maintenance';
  return severity === null ? 'info' : SEVERITY_TONE[severity];
}

export const adminEventPath = (eventId: string): string => `/admin/incidents/${eventId}`;

function componentNames(db: Db, eventId: string): string {
  const rows = db
    .select({ name: components.name })
    .from(eventComponents)
    .innerJoin(components, eq(components.id, eventComponents.componentId))
    .where(eq(eventComponents.eventId, eventId))
    .all();
  return rows.map((r) => r.name).join(', ');
}

/** An update went out on the page (live, not a backfilled one). */
export function announceUpdate(db: Db, input: { eventId: string; updateId: string; status: EventStatus; body: string; notify: boolean }, now: number): number {
  const event = findEvent(db, input.eventId);
  if (!event) return 0;
  const names = componentNames(db, input.eventId);
  const facts = [
    ...(event.severity ? [{ label: FACT_LABELS.severity, value: event.severity }] : []),
    { label: FACT_LABELS.reference, value: event.reference },
    ...(names ? [{ label: FACT_LABELS.components, value: names }] : []),
    { label: FACT_LABELS.subscribersNotified, value: input.notify ? FACT_LABELS.yes : FACT_LABELS.no },
  ];
  return enqueueTeamEvent(
    db,
    {
      event: 'update_published',
      pageName: readPageSettings(db, now).name,
      headline: TEAM_WORDS.updatePublished(event.title, input.status),
      text: markdownToPlainText(input.body),
      url: adminEventPath(event.id),
      manageUrl: null,
      tone: eventTone(event.kind, event.severity, input.status),
      facts,
      occurredAt: new Date(now).toISOString(),
    },
    input.updateId,
    { eventId: event.id, updateId: input.updateId },
    now,
  );
}

/** A leaf component's status changed, by an update, by hand or by an alert. */
export function announceStatusChange(
  db: Db,
  input: { componentId: string; from: ComponentStatus; to: ComponentStatus; cause: string; eventId?: string | null },
  now: number,
): number {
  if (input.from === input.to) return 0;
  const component = db.select({ name: components.name }).from(components).where(eq(components.id, input.componentId)).get();
  if (!component) return 0;
  return enqueueTeamEvent(
    db,
    {
      event: 'component_status_changed',
      pageName: readPageSettings(db, now).name,
      headline: TEAM_WORDS.statusChanged(component.name, input.from, input.to),
      text: TEAM_WORDS.statusChangedText(STATUS_CAUSE_WORDS[input.cause] ?? input.cause),
      url: input.eventId ? adminEventPath(input.eventId) : `/admin/components/${input.componentId}`,
      manageUrl: null,
      tone: COMPONENT_STATUS_TONES[input.to],
      facts: [{ label: FACT_LABELS.cause, value: STATUS_CAUSE_WORDS[input.cause] ?? input.cause }],
      occurredAt: new Date(now).toISOString(),
    },
    `${input.componentId}:${now}:${input.to}`,
    { eventId: input.eventId ?? null },
    now,
  );
}

/** An alert opened a proposal (or proposed an update) that waits for a person to decide. */
export function announceProposal(
  db: Db,
  input: { proposalId: string; kind: 'incident' | 'update'; title: string; body: string; severity: Severity | null },
  now: number,
): number {
  return enqueueTeamEvent(
    db,
    {
      event: 'alert_proposal_waiting',
      pageName: readPageSettings(db, now).name,
      headline: input.kind === 'incident' ? TEAM_WORDS.proposalWaiting(input.title) : TEAM_WORDS.proposalUpdateWaiting(input.title),
      text: markdownToPlainText(input.body),
      url: `/admin/proposals/${input.proposalId}`,
      manageUrl: null,
      tone: input.severity ? SEVERITY_TONE[input.severity] : 'info',
      facts: input.severity ? [{ label: FACT_LABELS.severity, value: input.severity }] : [],
      occurredAt: new Date(now).toISOString(),
    },
    input.proposalId,
    {},
    now,
  );
}
