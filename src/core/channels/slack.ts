/**
 * Slack incoming-webhook body: Block Kit blocks plus a top-level `text`. Slack shows `text` in
 * notifications and screen readers; Mattermost and Rocket.Chat ignore `blocks` and show `text`
 * alone, so it carries the headline, the body and the link.
 */
import type { ChannelMessage } from './message.js';
import { oneLine, truncate } from './truncate.js';
import { CHANNEL_WORDS, TONE_LABELS } from './words.js';

/** Slack's documented limits, in characters. */
export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  /** Top-level text is truncated by Slack past 40,000; we keep it to one section's worth. */
  fallbackText: 3000,
} as const;

interface TextObject {
  readonly type: 'plain_text' | 'mrkdwn';
  readonly text: string;
}
type SlackBlock =
  | { readonly type: 'header'; readonly text: TextObject }
  | { readonly type: 'section'; readonly text: TextObject }
  | { readonly type: 'section'; readonly fields: readonly TextObject[] }
  | { readonly type: 'context'; readonly elements: readonly TextObject[] };

export interface SlackBody {
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

/** Slack mrkdwn treats `&`, `<` and `>` as control characters; everything we did not write is escaped. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Escaped text within `max`: cut before escaping so an entity (`&amp;`) is never split, and cut
 * shorter while the escaped text is still too long.
 */
export function fitEscaped(text: string, max: number): string {
  let budget = max;
  for (;;) {
    const escaped = escapeMrkdwn(truncate(text, budget));
    if (escaped.length <= max || budget <= 1) return escaped;
    // Shrink in proportion to how much escaping grew the text, always by at least one.
    budget = Math.max(1, Math.min(budget - 1, Math.floor((budget * max) / escaped.length)));
  }
}

/** `<url|label>`; the URL is escaped too, and `|` cannot appear in the label. */
function link(url: string, label: string): string {
  return `<${escapeMrkdwn(url)}|${escapeMrkdwn(label.replace(/\|/g, '/'))}>`;
}

export function renderSlack(m: ChannelMessage): SlackBody {
  const headline = oneLine(m.headline);
  const body = m.text.trim() === '' ? CHANNEL_WORDS.noDetails : m.text.trim();
  const links = [link(m.url, CHANNEL_WORDS.viewIncident)];
  if (m.manageUrl !== null) links.push(link(m.manageUrl, CHANNEL_WORDS.manage));
  const facts = [{ label: 'Status', value: TONE_LABELS[m.tone] }, ...m.facts].slice(0, SLACK_LIMITS.fields);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(headline, SLACK_LIMITS.headerText) } },
    { type: 'section', text: { type: 'mrkdwn', text: fitEscaped(body, SLACK_LIMITS.sectionText) } },
    {
      type: 'section',
      fields: facts.map((f) => {
        const label = `*${fitEscaped(oneLine(f.label), 200)}*\n`;
        return { type: 'mrkdwn' as const, text: `${label}${fitEscaped(f.value, SLACK_LIMITS.fieldText - label.length)}` };
      }),
    },
    {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: `${fitEscaped(oneLine(m.pageName), 200)} · ${links.join(' · ')}` },
      ],
    },
  ];
  const tail = `\n${links.join(' · ')}`;
  const fallback = fitEscaped(`${truncate(headline, SLACK_LIMITS.headerText)}\n${body}`, SLACK_LIMITS.fallbackText - tail.length);
  return { text: `${fallback}${tail}`, blocks };
}
