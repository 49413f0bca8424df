import { describe, expect, it } from 'vitest';
import { CHAT_KINDS, renderChatBody } from '../../../src/core/channels/message.js';
import { shapeProblems } from '../../helpers/shape.js';
import { structureTables, tableProblems } from './documented-table.js';
import { fixtureText, loadFixture, sampleMessage } from './sample-message.js';

type Json = Record<string, unknown>;
const asObject = (v: unknown): Json => v as Json;

describe('bodies have the structure of the platforms’ documented examples', () => {
  it('Slack: top-level text and blocks, each block like the documented block of its type', async () => {
    const message = asObject(await loadFixture('slack-incoming-webhook.jsonc'));
    const reference = asObject(await loadFixture('slack-blocks.jsonc'));
    const ours = asObject(renderChatBody('slack', sampleMessage()));
    expect(shapeProblems({ text: message.text }, { text: ours.text })).toEqual([]);
    const documented = [...(message.blocks as Json[]), reference.header as Json, reference.context as Json];
    const blocks = ours.blocks as Json[];
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context']);
    for (const block of blocks) {
      // A section with text compares with the documented section with text; one with fields with fields.
      const twin = documented.filter((d) => d.type === block.type && ('fields' in d) === ('fields' in block));
      expect(twin.length, `documented ${String(block.type)}`).toBeGreaterThan(0);
      // Merged, so a key only some documented examples show (block_id) is optional.
      expect(shapeProblems(twin, [block])).toEqual([]);
    }
  });

  it('Teams: a message with one Adaptive Card attachment like the documented webhook card', async () => {
    const sample = await loadFixture('teams-workflows-adaptive-card.jsonc');
    const ours = asObject(renderChatBody('teams', sampleMessage()));
    const card = asObject(asObject((ours.attachments as unknown[])[0]).content);
    const sampleCard = asObject(asObject((asObject(sample).attachments as unknown[])[0]).content);
    const sampleBody = sampleCard.body as Json[];
    // Compare the envelope and each element against the documented element of the same type.
    expect(shapeProblems({ ...asObject(sample), attachments: [] }, { ...ours, attachments: [] })).toEqual([]);
    expect(ours.attachments as unknown[]).toHaveLength(1);
    expect(asObject((ours.attachments as unknown[])[0]).contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(shapeProblems({ ...sampleCard, body: [], actions: [] }, { ...card, body: [], actions: [] })).toEqual([]);
    for (const element of card.body as Json[]) {
      const twin = sampleBody.find((d) => d.type === element.type);
      expect(twin, `documented ${String(element.type)}`).toBeDefined();
      expect(shapeProblems(twin, element)).toEqual([]);
    }
    for (const action of card.actions as Json[]) expect(shapeProblems((sampleCard.actions as Json[])[0], action)).toEqual([]);
    // Workflows need a card version Teams renders (1.4 or later is what the trigger documents).
    expect(Number(card.version)).toBeGreaterThanOrEqual(1.4);
    expect(JSON.stringify(ours)).not.toContain('MessageCard');
  });

  it('Discord: content, embeds and allowed_mentions like the documented message examples', async () => {
    const examples = asObject(await loadFixture('discord-message-examples.jsonc'));
    const ours = asObject(renderChatBody('discord', sampleMessage()));
    // Beacon never asks for text-to-speech: `tts` is the one key of the example it leaves out.
    const { tts, ...createMessage } = asObject(examples.createMessage);
    expect(tts).toBe(false);
    expect(shapeProblems(createMessage, ours)).toEqual([]);
    const suppress = asObject(examples.suppressAllMentions);
    expect(shapeProblems(suppress, ours)).toEqual([]);
    // The documented way to keep an update from pinging @here, @everyone, roles or users.
    expect(ours.allowed_mentions).toEqual(suppress.allowed_mentions);
  });

  it('Discord: every embed key is a field of the documented Embed Structure, of the documented type', async () => {
    const tables = structureTables(await fixtureText('discord-embed-structure.md'));
    const embeds = asObject(renderChatBody('discord', sampleMessage())).embeds as unknown[];
    expect(embeds).toHaveLength(1);
    const embed = asObject(embeds[0]);
    // The keys no documented example shows are the ones this check is for.
    expect(Object.keys(embed)).toEqual(expect.arrayContaining(['url', 'color', 'timestamp', 'footer', 'fields']));
    expect(tableProblems(tables, 'Embed Structure', embed)).toEqual([]);
    expect(tableProblems(tables, 'Embed Structure', { ...embed, color: '#e06c00', timestamp: 'today', footer: {}, fields: [{ name: 'Status', value: 1 }], colour: 1 }).sort()).toEqual(
      ['$.color: documented as integer, got "#e06c00"', '$.colour: not a field of Embed Structure', '$.fields[0].value: documented as string, got 1', '$.footer.text: missing', '$.timestamp: documented as ISO8601 timestamp, got "today"'].sort(),
    );
  });

  it.each(CHAT_KINDS)('%s: the shape check notices a body that is not the documented one', async (kind) => {
    const fixture = { slack: 'slack-incoming-webhook.jsonc', teams: 'teams-workflows-adaptive-card.jsonc', discord: 'discord-message-examples.jsonc' }[kind];
    const loaded = asObject(await loadFixture(fixture));
    const sample = kind === 'discord' ? loaded.createMessage : loaded;
    expect(shapeProblems(sample, { text: 1 })).not.toEqual([]);
  });
});
