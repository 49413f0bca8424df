import type { ChannelMessage, Tone } from '../../core/channels/message.js';
import { markdownToPlainText } from '../../core/channels/plain-text.js';
import { CHANNEL_WORDS, COMPONENT_STATUS_TONES } from '../../core/channels/words.js';
import { COMPONENT_STATUS_LABELS, type ComponentStatus } from '../../core/component-status.js';
import { EVENT_STATUS_LABELS, type EventStatus } from '../../core/incident-status.js';

/** The few fields of Statuspage's incident JSON a chat message is made of (see webhook-body.ts). */
export interface IncidentFacts {
  readonly name: string;
  readonly status: string;
  readonly impact: string;
  readonly shortlink: string;
  readonly components: readonly { readonly name: string }[];
  readonly incident_updates: readonly { readonly body: string; readonly status: string; readonly display_at?: string | null; readonly created_at: string }[];
}

/** Words of a chat message a subscriber reads: the one-line headline of a notification preview. */
export function updateHeadline(statusLabel: string, title: string, componentNames: readonly string[]): string {
  const affected = componentNames.length === 0 ? '' : ` — ${componentNames.join(', ')} affected`;
  return `${statusLabel}: ${title}${affected}`;
}

function toneOf(status: string, impact: string): Tone {
  if (status === 'resolved' || status === 'completed' || status === 'postmortem') return 'resolved';
  if (impact === 'maintenance' || status === 'scheduled' || status === 'in_progress' || status === 'verifying') return 'maintenance';
  if (impact === 'critical' || impact === 'major' || impact === 'minor') return impact;
  return 'info';
}

/** The ChannelMessage a chat subscriber gets for an update of `incident` (its newest update first). */
export function updateChannelMessage(pageName: string, incident: IncidentFacts, manageUrl: string, occurredAt: string): ChannelMessage {
  const latest = incident.incident_updates[0];
  const status = latest?.status ?? incident.status;
  const label = EVENT_STATUS_LABELS[status as EventStatus] ?? status;
  const names = incident.components.map((c) => c.name);
  return {
    event: 'update_published',
    pageName,
    headline: updateHeadline(label, incident.name, names),
    text: markdownToPlainText(latest?.body ?? ''),
    url: incident.shortlink,
    manageUrl,
    tone: toneOf(status, incident.impact),
    facts: [{ label: 'Status', value: label }, ...(names.length > 0 ? [{ label: 'Affected', value: names.join(', ') }] : [])],
    occurredAt,
  };
}

/** The ChannelMessage a chat subscriber gets when a component it follows changes status outside any update. */
export function componentChannelMessage(
  pageName: string,
  change: { readonly componentName: string; readonly from: ComponentStatus; readonly to: ComponentStatus },
  pageUrl: string,
  manageUrl: string,
  occurredAt: string,
): ChannelMessage {
  return {
    event: 'component_status_changed',
    pageName,
    headline: CHANNEL_WORDS.componentChanged(change.componentName, change.from, change.to),
    text: CHANNEL_WORDS.componentChangedText(change.componentName, change.to),
    url: pageUrl,
    manageUrl,
    tone: COMPONENT_STATUS_TONES[change.to],
    facts: [{ label: CHANNEL_WORDS.statusFact, value: COMPONENT_STATUS_LABELS[change.to] }],
    occurredAt,
  };
}

/** The ChannelMessage of the one test call a new chat subscriber gets. */
export function testChannelMessage(pageName: string, pageUrl: string, manageUrl: string, occurredAt: string): ChannelMessage {
  return {
    event: 'update_published',
    pageName,
    headline: `${pageName} will post its incident and maintenance updates here`,
    text: `This channel was subscribed to ${pageName}. This is a test message; nothing is wrong.`,
    url: pageUrl,
    manageUrl,
    tone: 'info',
    facts: [],
    occurredAt,
  };
}
