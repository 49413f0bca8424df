import { desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../../db/client.js';
import { alertProposals, alerts } from '../../../../db/schema.js';
import { COMPONENT_STATUS_LABELS } from '../../../core/component-status.js';
import { SEVERITY_INFO } from '../../../core/severity.js';
import type { Change } from '../../alerts/proposal-draft.js';
import { listComponents } from '../../read/components.js';
import { findEvent } from '../../read/events.js';
import { readPageSettings } from '../../settings.js';
import { timeView, type TimeView } from '../common.js';

export interface ProposalCard {
  readonly id: string;
  readonly kind: 'incident' | 'update';
  /** "New incident" or "Update to INC-…": what publishing does. */
  readonly heading: string;
  readonly title: string;
  readonly body: string;
  readonly severityLabel: string;
  readonly changes: readonly { readonly name: string; readonly statusLabel: string }[];
  /** The alerts behind it, by name, firing ones first. */
  readonly alerts: readonly { readonly name: string; readonly firing: boolean }[];
  readonly createdAt: TimeView;
}

/** Proposals waiting for a person, oldest first: what the dashboard puts on top. */
export function openProposalCards(db: Db, now: number): ProposalCard[] {
  const { timeZone } = readPageSettings(db, now);
  const rows = db.select().from(alertProposals).where(eq(alertProposals.state, 'open')).orderBy(alertProposals.createdAt).all();
  if (rows.length === 0) return [];
  const names = new Map(listComponents(db).map((c) => [c.id, c.name]));
  const behind = db
    .select({ proposalId: alerts.proposalId, name: alerts.name, state: alerts.state })
    .from(alerts)
    .where(inArray(alerts.proposalId, rows.map((r) => r.id)))
    .orderBy(desc(alerts.receivedAt))
    .all();
  return rows.map((p) => {
    // An update proposal has no alerts of its own: they belong to the incident's proposal.
    const own = behind.filter((a) => a.proposalId === p.id);
    const event = p.kind === 'update' && p.eventId ? findEvent(db, p.eventId) : null;
    return {
      id: p.id,
      kind: p.kind,
      heading: p.kind === 'incident' ? 'Proposed incident' : `Proposed update to ${event?.reference ?? 'an incident'}: all its alerts resolved`,
      title: p.title,
      body: p.body,
      severityLabel: SEVERITY_INFO[p.severity].label,
      changes: (JSON.parse(p.changes) as Change[]).map((c) => ({ name: names.get(c.componentId) ?? c.componentId, statusLabel: COMPONENT_STATUS_LABELS[c.status] })),
      alerts: own.sort((a, b) => Number(b.state === 'firing') - Number(a.state === 'firing')).map((a) => ({ name: a.name, firing: a.state === 'firing' })),
      createdAt: timeView(p.createdAt, timeZone),
    };
  });
}
