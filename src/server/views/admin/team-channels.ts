import { asc } from 'drizzle-orm';
import type { Db } from '../../../../db/client.js';
import { teamChannels } from '../../../../db/schema.js';
import { CHANNEL_KIND_LABELS, ENDPOINT_KINDS, type EndpointKind } from '../../../core/channel-kind.js';
import { TEAM_EVENTS, type TeamEvent } from '../../../core/channels/message.js';
import { readPageSettings } from '../../settings.js';

/** The admin's words for each event a team channel can hear about. */
export const TEAM_EVENT_CHOICES: Readonly<Record<TeamEvent, string>> = {
  update_published: 'An update is published',
  component_status_changed: 'A component’s status changes',
  alert_proposal_waiting: 'An alert proposal waits for a decision',
  update_overdue: 'An incident update is overdue',
  mail_delivery_failing: 'Mail delivery is failing',
};

export interface TeamChannelRow {
  readonly id: string;
  readonly name: string;
  readonly kindLabel: string;
  readonly events: readonly TeamEvent[];
  readonly enabled: boolean;
  /** Why the channel stopped being sent to, when it was quarantined. */
  readonly quarantine: string | null;
}

export interface TeamChannelsView {
  readonly pageName: string;
  readonly kinds: readonly { readonly value: EndpointKind; readonly label: string }[];
  readonly events: readonly { readonly value: TeamEvent; readonly label: string }[];
  readonly rows: readonly TeamChannelRow[];
}

export function teamChannelsView(db: Db, now: number): TeamChannelsView {
  const rows = db.select().from(teamChannels).orderBy(asc(teamChannels.createdAt)).all();
  return {
    pageName: readPageSettings(db, now).name,
    kinds: ENDPOINT_KINDS.map((k) => ({ value: k, label: k === 'slack' ? 'Slack, Mattermost or Rocket.Chat' : k === 'teams' ? 'Microsoft Teams (Workflows)' : CHANNEL_KIND_LABELS[k] })),
    events: TEAM_EVENTS.map((e) => ({ value: e, label: TEAM_EVENT_CHOICES[e] })),
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      kindLabel: CHANNEL_KIND_LABELS[r.kind],
      events: (JSON.parse(r.events) as TeamEvent[]).filter((e) => (TEAM_EVENTS as readonly string[]).includes(e)),
      enabled: r.enabled,
      quarantine: r.quarantinedAt === null ? null : (r.quarantineReason ?? 'repeated failures'),
    })),
  };
}
