import { describe, expect, it } from 'vitest';
import { DISCORD_LIMITS, renderDiscord } from '../../../src/core/channels/discord.js';
import { escapeMrkdwn, renderSlack, SLACK_LIMITS } from '../../../src/core/channels/slack.js';
import { renderTeams, TEAMS_MAX_BYTES } from '../../../src/core/channels/teams.js';
import { sampleMessage } from './sample-message.js';

const words = (n: number, word = 'outage'): string => Array.from({ length: n }, () => word).join(' ');
const huge = sampleMessage({
  headline: words(200, 'headline'),
  text: words(5000),
  pageName: words(100, 'page'),
  facts: Array.from({ length: 40 }, (_, i) => ({ label: `Fact ${i} ${words(60, 'label')}`, value: words(400, 'value') })),
});

describe('Slack stays within Block Kit limits', () => {
  const body = renderSlack(huge);
  const [header, section, fields, context] = body.blocks as unknown as [
    { text: { text: string } },
    { text: { text: string } },
    { fields: { text: string }[] },
    { elements: { text: string }[] },
  ];

  it('cuts header, section, fields and fallback text to their limits, on a word with an ellipsis', () => {
    expect(header.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    expect(header.text.text).toMatch(/headline…$/);
    expect(section.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(section.text.text).toMatch(/outage…$/);
    expect(fields.fields.length).toBeLessThanOrEqual(SLACK_LIMITS.fields);
    for (const f of fields.fields) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
    expect(context.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
    expect(body.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  });

  it('escapes & < > in what people wrote, so text cannot become a link or a mention', () => {
    const body2 = renderSlack(sampleMessage({ text: 'a <!channel> & <https://evil.example|click>', headline: 'x & y' }));
    const text = (body2.blocks[1] as { text: { text: string } }).text.text;
    expect(text).toBe('a &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
    expect(body2.text).toContain('x &amp; y');
    expect(escapeMrkdwn('<&>')).toBe('&lt;&amp;&gt;');
  });

  it('stays within the section limit when escaping lengthens the text, never splitting an entity', () => {
    const body2 = renderSlack(sampleMessage({ text: '<&> '.repeat(2000) }));
    const text = (body2.blocks[1] as { text: { text: string } }).text.text;
    expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(text).not.toMatch(/&(?:a|am|l|g|lt|gt)?…$/);
  });

  it('carries the incident and manage links, and the headline first in the notification text', () => {
    const body2 = renderSlack(sampleMessage());
    expect(body2.text.startsWith('Investigating · Elevated API error rates\n')).toBe(true);
    expect(body2.text).toContain('<https://status.example.com/incidents/abc123|');
    expect(body2.text).toContain('<https://status.example.com/subscriptions/manage?token=t0k|');
    const team = renderSlack(sampleMessage({ manageUrl: null }));
    expect(team.text).not.toContain('manage');
  });
});

describe('Teams stays under the 28 KB message limit', () => {
  it('shrinks a long body until the whole card fits, however many bytes each character takes', () => {
    for (const word of ['outage', '障害発生中', '🔥🔥']) {
      const body = renderTeams({ ...huge, text: words(8000, word) });
      expect(new TextEncoder().encode(JSON.stringify(body)).length).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
      const text = (body.attachments[0].content.body[1] as { text: string }).text;
      expect(text.endsWith('…')).toBe(true);
    }
  });

  it('keeps a short update whole, with a link action to the incident and the manage page', () => {
    const card = renderTeams(sampleMessage()).attachments[0].content;
    expect((card.body[1] as { text: string }).text).toBe(sampleMessage().text);
    expect(card.actions.map((a) => a.url)).toEqual([sampleMessage().url, sampleMessage().manageUrl]);
  });
});

describe('Discord stays within embed limits', () => {
  const body = renderDiscord(huge);
  const embed = body.embeds[0];

  it('cuts title, description, fields and content to their limits', () => {
    expect(body.content.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
    expect(embed.title.length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(embed.description.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(embed.fields.length).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
    for (const f of embed.fields) {
      expect(f.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    }
    expect(embed.footer.text.length).toBeLessThanOrEqual(DISCORD_LIMITS.footer);
  });

  it('keeps the whole embed within the 6,000 characters Discord shares across its parts', () => {
    const total = embed.title.length + embed.description.length + embed.footer.text.length + embed.fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
    expect(embed.description).toContain('outage…');
  });

  it('pings nobody, whatever the update says', () => {
    const b = renderDiscord(sampleMessage({ text: '@everyone @here <@&123> look' }));
    expect(b.allowed_mentions).toEqual({ parse: [] });
  });

  it('uses the tone colour as an integer and the occurrence time as the timestamp', () => {
    const b = renderDiscord(sampleMessage({ tone: 'resolved' }));
    expect(b.embeds[0].color).toBe(0x1f9254);
    expect(b.embeds[0].timestamp).toBe('2026-12-04T18:00:00.000Z');
    expect(b.embeds[0].description).toContain('(https://status.example.com/subscriptions/manage?token=t0k)');
  });
});
