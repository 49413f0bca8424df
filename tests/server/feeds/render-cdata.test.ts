import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { FeedDocument } from '../../../src/server/feeds/feed-model.js';
import { renderFeed } from '../../../src/server/feeds/render.js';

const BASE = 'https://status.example.com';
const AT = Date.UTC(2026, 4, 13, 12, 0, 0);

/** CDATA sections kept apart (as an array under #cdata), so text split over several sections can be joined again. */
const parser = new XMLParser({ cdataPropName: '#cdata', parseTagValue: false, trimValues: false, isArray: (name) => name === '#cdata' || name === 'item' });

function feedWithTitle(title: string): FeedDocument {
  return {
    title: 'Status',
    author: 'Status',
    description: 'Incidents and maintenance.',
    link: `${BASE}/`,
    rssUrl: `${BASE}/history.rss`,
    atomUrl: `${BASE}/history.atom`,
    updated: AT,
    entries: [{ id: `${BASE}/incidents/inc1`, title, link: `${BASE}/incidents/inc1`, published: AT, updated: AT, contentHtml: '<p>Fixed.</p>', summary: 'Resolved' }],
  };
}

/**
 * RSS titles are plain text written into a CDATA section by `feed` (through xml-js), which splits
 * a "]]>" in the text so it cannot end the section. The title must come back as one text, however
 * many times the terminator occurs: a terminator left whole ends the section early, so the rest of
 * the title is read as markup (a <script> element in the item) or as stray text that strict XML
 * parsers reject, taking the whole feed down. fast-xml-parser's validator tolerates the latter,
 * hence the check on the parsed title rather than on validity alone.
 */
describe('an RSS title holding the CDATA terminator', () => {
  it.each([
    ['once', 'Latency ]]> 5 s'],
    ['twice', 'a ]]> b ]]> c'],
    ['twice, followed by markup', "]]>]]><script>__xss('cdata')</script><![CDATA["],
  ])('%s stays text and reads as written', (_, title) => {
    const xml = renderFeed(feedWithTitle(title), 'rss');
    expect(XMLValidator.validate(xml)).toBe(true);
    const node = parser.parse(xml).rss.channel.item[0].title as Record<string, unknown>;
    // Anything but CDATA inside the title is markup that escaped the text (e.g. a <script> element).
    expect(Object.keys(node).filter((k) => k !== '#cdata')).toEqual([]);
    expect((node['#cdata'] as string[]).join('')).toBe(title);
  });
});
