import { and, eq } from 'drizzle-orm';
import { type Db, writeTransaction } from '../../../db/client.js';
import { alertProposals } from '../../../db/schema.js';
import { recordAudit, type Actor } from '../audit.js';
import type { Change } from '../alerts/proposal-draft.js';
import { messageSchema, titleSchema } from '../forms/incident-form.js';
import { RejectedError } from '../write/events.js';
import { createIncident, postIncidentUpdate } from './incidents.js';

export interface ProposalEdits {
  readonly title: string;
  readonly body: string;
}

function openProposal(db: Db, id: string): typeof alertProposals.$inferSelect {
  const p = db.select().from(alertProposals).where(eq(alertProposals.id, id)).get();
  if (!p) throw new RejectedError('That proposal does not exist.');
  if (p.state !== 'open') throw new RejectedError(`That proposal was already ${p.state}${p.decidedBy ? ` (${p.decidedBy})` : ''}.`);
  return p;
}

/**
 * Publishes a proposal through the same use-cases the incident form uses: an incident proposal
 * opens the incident (subscribers are told, once); an update proposal posts the update. The
 * comms lead may edit the words first.
 */
export function publishProposal(db: Db, id: string, edits: ProposalEdits | null, actor: Actor, timeZone: string, now: number): { eventId: string } {
  return writeTransaction(db, (tx) => {
    const p = openProposal(tx, id);
    const title = edits ? titleSchema.safeParse(edits.title) : { success: true as const, data: p.title };
    const body = edits ? messageSchema.safeParse(edits.body) : { success: true as const, data: p.body };
    if (!title.success) throw new RejectedError(title.error.issues[0]!.message);
    if (!body.success) throw new RejectedError(body.error.issues[0]!.message);
    const changes = JSON.parse(p.changes) as Change[];
    let eventId: string;
    if (p.kind === 'incident') {
      eventId = createIncident(tx, { title: title.data, severity: p.severity, impactOverride: null, status: p.status, message: body.data, notify: true, changes }, actor, timeZone, now).id;
    } else {
      eventId = p.eventId!;
      postIncidentUpdate(tx, eventId, { status: p.status, message: body.data, notify: true, changes }, actor, now);
    }
    tx.update(alertProposals)
      .set({ state: 'published', eventId, title: title.data, body: body.data, decidedAt: now, decidedBy: actor.label, updatedAt: now })
      .where(and(eq(alertProposals.id, id), eq(alertProposals.state, 'open')))
      .run();
    recordAudit(tx, actor, { action: 'proposal.published', objectType: 'proposal', objectId: id, diff: { kind: p.kind, eventId } }, now);
    return { eventId };
  });
}

/** Sets a proposal aside; the component statuses the alerts set stay as they are. */
export function dismissProposal(db: Db, id: string, actor: Actor, now: number): void {
  writeTransaction(db, (tx) => {
    openProposal(tx, id);
    tx.update(alertProposals).set({ state: 'dismissed', decidedAt: now, decidedBy: actor.label, updatedAt: now }).where(eq(alertProposals.id, id)).run();
    recordAudit(tx, actor, { action: 'proposal.dismissed', objectType: 'proposal', objectId: id }, now);
  });
}
