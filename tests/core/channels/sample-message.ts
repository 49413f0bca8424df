import type { ChannelMessage } from '../../../src/core/channels/message.js';

/** A realistic update as every renderer test starts from; override what a test is about. */
export function sampleMessage(overrides: Partial<ChannelMessage> = {}): ChannelMessage {
  return {
    event: 'update_published',
    pageName: 'Acme Cloud',
    headline: 'Investigating · Elevated API error rates',
    text: 'We are seeing elevated error rates on the public API in eu-west. Next update in 30 minutes.',
    url: 'https://status.example.com/incidents/abc123',
    manageUrl: 'https://status.example.com/subscriptions/manage?token=t0k',
    tone: 'major',
    facts: [
      { label: 'Affected', value: 'API, Dashboard' },
      { label: 'Severity', value: 'SEV2' },
    ],
    occurredAt: '2026-12-04T18:00:00.000Z',
    ...overrides,
  };
}

/** A fixture under tests/fixtures/channels as written (a Markdown excerpt keeps its source in a comment). */
export async function fixtureText(name: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return readFile(new URL(`../../fixtures/channels/${name}`, import.meta.url), 'utf8');
}

/** A fixture under tests/fixtures/channels: leading `//` lines name the source; the rest is JSON. */
export async function loadFixture(name: string): Promise<unknown> {
  return JSON.parse((await fixtureText(name)).replace(/^\/\/.*\n/gm, '')) as unknown;
}
