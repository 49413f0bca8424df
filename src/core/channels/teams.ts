/**
 * Microsoft Teams Workflows webhook body ("When a Teams webhook request is received"): a message
 * whose one attachment is an Adaptive Card 1.4. Workflows accept Adaptive Cards only; the retired
 * Office 365 connector MessageCard is not sent.
 */
import type { ChannelMessage, Tone } from './message.js';
import { oneLine, truncate } from './truncate.js';
import { CHANNEL_WORDS, TONE_LABELS } from './words.js';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
export const ADAPTIVE_CARD_VERSION = '1.4';

/** Teams refuses a message over 28 KB; we stay under this many UTF-8 bytes for the whole body. */
export const TEAMS_MAX_BYTES = 27 * 1024;
/** Longest body text we start from, in characters; cut further if the card is still too large. */
const TEAMS_TEXT_LIMIT = 10_000;
const TEAMS_HEADLINE_LIMIT = 300;
const TEAMS_FACTS = 12;
const TEAMS_FACT_VALUE_LIMIT = 500;

/** Adaptive Card colours are a fixed palette, not RGB. */
const TONE_COLOUR: Readonly<Record<Tone, 'Attention' | 'Warning' | 'Accent' | 'Good' | 'Default'>> = {
  critical: 'Attention',
  major: 'Warning',
  minor: 'Warning',
  maintenance: 'Accent',
  resolved: 'Good',
  info: 'Default',
};

type CardElement =
  | {
      readonly type: 'TextBlock';
      readonly text: string;
      readonly wrap: true;
      readonly weight?: 'Bolder';
      readonly size?: 'Small' | 'Medium' | 'Large';
      readonly color?: string;
      readonly isSubtle?: boolean;
      readonly style?: 'heading';
    }
  | { readonly type: 'FactSet'; readonly facts: readonly { readonly title: string; readonly value: string }[] };

export interface AdaptiveCard {
  readonly $schema: string;
  readonly type: 'AdaptiveCard';
  readonly version: string;
  readonly body: readonly CardElement[];
  readonly actions: readonly { readonly type: 'Action.OpenUrl'; readonly title: string; readonly url: string }[];
  readonly msteams: { readonly width: 'Full' };
}

export interface TeamsBody {
  readonly type: 'message';
  readonly attachments: readonly [{ readonly contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE; readonly contentUrl: null; readonly content: AdaptiveCard }];
}

const encoder = new TextEncoder();

export function renderTeams(m: ChannelMessage): TeamsBody {
  let limit = TEAMS_TEXT_LIMIT;
  for (;;) {
    const body = teamsBody(m, limit);
    // Non-Latin text takes up to three bytes a character: shrink the body text until it fits.
    if (encoder.encode(JSON.stringify(body)).length <= TEAMS_MAX_BYTES || limit <= 100) return body;
    limit = Math.floor(limit / 2);
  }
}

function teamsBody(m: ChannelMessage, textLimit: number): TeamsBody {
  const text = m.text.trim() === '' ? CHANNEL_WORDS.noDetails : m.text.trim();
  const facts = [{ label: 'Status', value: TONE_LABELS[m.tone] }, ...m.facts].slice(0, TEAMS_FACTS);
  const actions: AdaptiveCard['actions'][number][] = [{ type: 'Action.OpenUrl', title: CHANNEL_WORDS.viewIncident, url: m.url }];
  if (m.manageUrl !== null) actions.push({ type: 'Action.OpenUrl', title: CHANNEL_WORDS.manage, url: m.manageUrl });
  const card: AdaptiveCard = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: ADAPTIVE_CARD_VERSION,
    body: [
      {
        type: 'TextBlock',
        text: truncate(oneLine(m.headline), TEAMS_HEADLINE_LIMIT),
        wrap: true,
        weight: 'Bolder',
        size: 'Medium',
        style: 'heading',
        color: TONE_COLOUR[m.tone],
      },
      { type: 'TextBlock', text: truncate(text, textLimit), wrap: true },
      { type: 'FactSet', facts: facts.map((f) => ({ title: truncate(oneLine(f.label), 100), value: truncate(f.value, TEAMS_FACT_VALUE_LIMIT) })) },
      { type: 'TextBlock', text: truncate(`${oneLine(m.pageName)} · ${m.occurredAt}`, 300), wrap: true, size: 'Small', isSubtle: true },
    ],
    actions,
    msteams: { width: 'Full' },
  };
  return { type: 'message', attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, contentUrl: null, content: card }] };
}
