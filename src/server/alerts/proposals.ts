import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { alertProposals, alerts } from '../../../db/schema.js';
import { worstStatus } from '../../core/component-status.js';
import type { Route } from '../../core/alert-routing.js';
import { deriveEventStatus } from '../../core/event-status.js';
import { newPublicId } from '../ids.js';
import { findEvent } from '../read/events.js';
import { announceProposal } from '../team-channels/announce.js';
import { draftFromTemplate, mergeChanges, type Change } from './proposal-draft.js';
import { firingAlertsOfProposal, type AlertRow } from './store.js';

export type ProposalRow = typeof alertProposals.$inferSelect;

const changesOf = (p: ProposalRow): Change[] => JSON.parse(p.changes) as Change[];
const worse = (x: Change['status'], y: Change['status']): Change['status'] => worstStatus([x, y]);
const overlaps = (p: ProposalRow, ids: readonly string[]): boolean => changesOf(p).some((c) => ids.includes(c.componentId));

function isOpenIncident(db: Db, eventId: string | null): boolean {
  if (eventId === null) return false;
  const event = findEvent(db, eventId);
  if (!event) return false;
  return !['resolved', 'postmortem'].includes(deriveEventStatus(event.kind, event.latestUpdateStatus, event.postmortemPublishedAt !== null));
}

export type ProposalOutcome =
  | { readonly kind: 'proposed'; readonly proposalId: string; readonly autoPublish: boolean }
  | { readonly kind: 'grouped'; readonly proposalId: string }
  | { readonly kind: 'withdrawn'; readonly proposalId: string }
  | { readonly kind: 'update_proposed'; readonly proposalId: string }
  | { readonly kind: 'none' };

/**
 * A firing alert joins the open proposal, or the still-open incident published from one, that
 * shares a component with it (several alerts about the same thing make one incident, not one
 * each); otherwise it gets a new proposal drafted from the Investigating template (or its rule's).
 * Firing again while an incident waits for its "Monitoring" update withdraws that proposal.
 */
export function proposeForFiring(db: Db, alert: AlertRow, route: Route, now: number): ProposalOutcome {
  const changes = route.componentIds.map((componentId) => ({ componentId, status: route.componentStatus }));
  const candidates = db.select().from(alertProposals).where(eq(alertProposals.kind, 'incident')).all();
  const open = candidates.find((p) => p.state === 'open' && overlaps(p, route.componentIds));
  if (open) {
    const merged = mergeChanges(changesOf(open), changes, worse);
    const draft = draftFromTemplate(db, { templateId: null, status: 'investigating', severity: open.severity, changes: merged, startedAt: open.createdAt, fallbackTitle: open.title }, now);
    db.update(alertProposals).set({ changes: JSON.stringify(merged), title: draft.title, body: draft.body, updatedAt: now }).where(eq(alertProposals.id, open.id)).run();
    db.update(alerts).set({ proposalId: open.id }).where(eq(alerts.id, alert.id)).run();
    return { kind: 'grouped', proposalId: open.id };
  }
  const live = candidates.find((p) => p.state === 'published' && overlaps(p, route.componentIds) && isOpenIncident(db, p.eventId));
  if (live) {
    db.update(alerts).set({ proposalId: live.id }).where(eq(alerts.id, alert.id)).run();
    db.update(alertProposals)
      .set({ state: 'withdrawn', decidedAt: now, decidedBy: 'alert fired again', updatedAt: now })
      .where(and(eq(alertProposals.kind, 'update'), eq(alertProposals.state, 'open'), eq(alertProposals.eventId, live.eventId!)))
      .run();
    return { kind: 'grouped', proposalId: live.id };
  }
  const draft = draftFromTemplate(
    db,
    { templateId: route.templateId, status: 'investigating', severity: route.severity, changes, startedAt: alert.firedAt, fallbackTitle: alert.summary ?? alert.name },
    now,
  );
  const id = newPublicId();
  db.insert(alertProposals)
    .values({ id, kind: 'incident', state: 'open', eventId: null, title: draft.title, body: draft.body, status: 'investigating', severity: route.severity, changes: JSON.stringify(changes), createdAt: now, updatedAt: now })
    .run();
  db.update(alerts).set({ proposalId: id }).where(eq(alerts.id, alert.id)).run();
  // A rule that publishes at once leaves nothing waiting: the team hears of the published update instead.
  if (!route.autoPublish) announceProposal(db, { proposalId: id, kind: 'incident', title: draft.title, body: draft.body, severity: route.severity }, now);
  return { kind: 'proposed', proposalId: id, autoPublish: route.autoPublish };
}

/**
 * When the last alert of a proposal resolves: a proposal nobody published is withdrawn; a
 * published incident that is still open gets a proposed "Monitoring" update, never a resolution
 * (only a person says it is over).
 */
export function proposeForResolved(db: Db, alert: AlertRow, now: number): ProposalOutcome {
  if (alert.proposalId === null || firingAlertsOfProposal(db, alert.proposalId) > 0) return { kind: 'none' };
  const proposal = db.select().from(alertProposals).where(eq(alertProposals.id, alert.proposalId)).get();
  if (!proposal) return { kind: 'none' };
  if (proposal.state === 'open') {
    db.update(alertProposals).set({ state: 'withdrawn', decidedAt: now, decidedBy: 'alerts resolved', updatedAt: now }).where(eq(alertProposals.id, proposal.id)).run();
    return { kind: 'withdrawn', proposalId: proposal.id };
  }
  if (proposal.state !== 'published' || !isOpenIncident(db, proposal.eventId)) return { kind: 'none' };
  const waiting = db
    .select({ id: alertProposals.id })
    .from(alertProposals)
    .where(and(eq(alertProposals.kind, 'update'), eq(alertProposals.state, 'open'), eq(alertProposals.eventId, proposal.eventId!)))
    .get();
  if (waiting) return { kind: 'none' };
  const changes = changesOf(proposal);
  const draft = draftFromTemplate(db, { templateId: null, status: 'monitoring', severity: proposal.severity, changes, startedAt: proposal.createdAt, fallbackTitle: proposal.title }, now);
  const id = newPublicId();
  db.insert(alertProposals)
    .values({ id, kind: 'update', state: 'open', eventId: proposal.eventId, title: proposal.title, body: draft.body, status: 'monitoring', severity: proposal.severity, changes: '[]', createdAt: now, updatedAt: now })
    .run();
  announceProposal(db, { proposalId: id, kind: 'update', title: proposal.title, body: draft.body, severity: proposal.severity }, now);
  return { kind: 'update_proposed', proposalId: id };
}
