/**
 * Discord execute-webhook body: a short `content` line (what a notification preview shows) and
 * one embed. `allowed_mentions.parse: []` so no text in an update can ping @everyone, a role or
 * a user.
 */
import type { ChannelMessage } from './message.js';
import { oneLine, truncate } from './truncate.js';
import { CHANNEL_WORDS, TONE_LABELS, TONE_RGB } from './words.js';

/** Discord's documented limits, in characters. */
export const DISCORD_LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  /** Across title, description, field names and values, footer and author of all embeds. */
  embedTotal: 6000,
} as const;

/** Characters of the shared budget the description always keeps, manage link included. */
const MIN_DESCRIPTION = 1000;

type Field = DiscordEmbed['fields'][number];

function used(title: string, footer: string, fields: readonly Field[]): number {
  return title.length + footer.length + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
}

export interface DiscordEmbed {
  readonly title: string;
  readonly description: string;
  readonly url: string;
  readonly color: number;
  readonly fields: readonly { readonly name: string; readonly value: string; readonly inline: boolean }[];
  readonly timestamp: string;
  readonly footer: { readonly text: string };
}

export interface DiscordBody {
  readonly content: string;
  readonly embeds: readonly [DiscordEmbed];
  readonly allowed_mentions: { readonly parse: readonly [] };
}

export function renderDiscord(m: ChannelMessage): DiscordBody {
  const headline = oneLine(m.headline);
  const title = truncate(headline, DISCORD_LIMITS.title);
  const footer = truncate(oneLine(m.pageName), 200);
  const fields: Field[] = [{ label: 'Status', value: TONE_LABELS[m.tone] }, ...m.facts].slice(0, DISCORD_LIMITS.fields).map((f) => ({
    // An empty name or value is refused by Discord.
    name: truncate(oneLine(f.label), DISCORD_LIMITS.fieldName) || '—',
    value: truncate(f.value.trim(), DISCORD_LIMITS.fieldValue) || '—',
    inline: true,
  }));
  // Many long facts could eat the shared budget: keep at least this much for the description.
  while (fields.length > 1 && used(title, footer, fields) > DISCORD_LIMITS.embedTotal - MIN_DESCRIPTION) fields.pop();
  const manage = m.manageUrl === null ? '' : `\n\n[${CHANNEL_WORDS.manage}](${m.manageUrl})`;
  // Whatever the other parts leave of the 6,000 shared characters, the description may use.
  const room = Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.embedTotal - used(title, footer, fields)) - manage.length;
  const text = m.text.trim() === '' ? CHANNEL_WORDS.noDetails : m.text.trim();
  return {
    content: truncate(headline, DISCORD_LIMITS.content),
    embeds: [
      {
        title,
        description: `${truncate(text, Math.max(room, 1))}${manage}`,
        url: m.url,
        color: TONE_RGB[m.tone],
        fields,
        timestamp: m.occurredAt,
        footer: { text: footer },
      },
    ],
    allowed_mentions: { parse: [] },
  };
}
