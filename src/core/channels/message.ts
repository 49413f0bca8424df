/**
 * What every chat channel is told, before it is shaped for one platform. The renderers are pure:
 * the delivery worker turns a ChannelMessage into the JSON body it POSTs.
 */
import { renderDiscord } from './discord.js';
import { renderSlack } from './slack.js';
import { renderTeams } from './teams.js';

export const CHAT_KINDS = ['slack', 'teams', 'discord'] as const;
export type ChatKind = (typeof CHAT_KINDS)[number];

export const TEAM_EVENTS = [
  'update_published',
  'component_status_changed',
  'alert_proposal_waiting',
  'update_overdue',
  'mail_delivery_failing',
] as const;
export type TeamEvent = (typeof TEAM_EVENTS)[number];

export const TONES = ['critical', 'major', 'minor', 'maintenance', 'resolved', 'info'] as const;
export type Tone = (typeof TONES)[number];

export interface ChannelFact {
  readonly label: string;
  readonly value: string;
}

export interface ChannelMessage {
  readonly event: TeamEvent;
  readonly pageName: string;
  /** One line a person reads in a notification preview. */
  readonly headline: string;
  /** The update's body as plain text (markdown stripped). */
  readonly text: string;
  /** Absolute link to the incident (or the admin page for team events). */
  readonly url: string;
  /** Subscriber manage/unsubscribe link; null for team channels. */
  readonly manageUrl: string | null;
  readonly tone: Tone;
  readonly facts: readonly ChannelFact[];
  /** ISO 8601. */
  readonly occurredAt: string;
}

/** The JSON body to POST to a chat platform's incoming webhook. */
export function renderChatBody(kind: ChatKind, m: ChannelMessage): unknown {
  switch (kind) {
    case 'slack':
      return renderSlack(m);
    case 'teams':
      return renderTeams(m);
    case 'discord':
      return renderDiscord(m);
  }
}
