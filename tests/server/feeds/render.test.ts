import { unescapeHtml } from '../../helpers/admin-pages.js';
import { XMLValidator } from 'fast-xml-parser';
import { feedParser, xmlText, type XmlNode } from '../../helpers/xml.js';
import { describe, expect, it } from 'vitest';
import type { FeedDocument, FeedEntry } from '../../../src/server/feeds/feed-model.js';
import { FEED_CONTENT_TYPES, FEED_FORMATS, renderFeed } from '../../../src/server/feeds/render.js';

// Everything fixed: the rendered feeds must not depend on the clock.
const BASE = 'https://status.example.com';
const PUBLISHED_1 = Date.UTC(2026, 4, 13, 12, 0, 0);
const UPDATED_1 = Date.UTC(2026, 4, 13, 14, 16, 7, 149);
const PUBLISHED_2 = Date.UTC(2026, 4, 10, 8, 30, 0);
const UPDATED_2 = Date.UTC(2026, 4, 11, 9, 45, 0);
const FEED_UPDATED = Date.UTC(2026, 4, 13, 14, 20, 0);

/** Plain text that XML and HTML both treat specially. */
const NASTY_TITLE = `Latency < 5 s & "quoted" 'single' ]]> end`;
const NASTY_SUMMARY = 'Investigating · R&D <internal>, Web "app"';
const NASTY_CONTENT = '<p>Before ]]> after &amp; &lt;script&gt; — “typographic”</p>\n<p><strong>Investigating</strong></p>';

const ENTRY_1: FeedEntry = {
  id: `${BASE}/incidents/inc1`,
  title: 'Elevated error rates',
  link: `${BASE}/incidents/inc1`,
  published: PUBLISHED_1,
  updated: UPDATED_1,
  contentHtml: '<p><small>May 13, 2026, 14:16 UTC</small><br><strong>Resolved</strong></p><p>Fixed.</p>',
  summary: 'Resolved · REST API',
};

const ENTRY_2: FeedEntry = {
  id: `${BASE}/incidents/inc2`,
  title: NASTY_TITLE,
  link: `${BASE}/incidents/inc2`,
  published: PUBLISHED_2,
  updated: UPDATED_2,
  contentHtml: NASTY_CONTENT,
  summary: NASTY_SUMMARY,
};

const DOC: FeedDocument = {
  title: 'Acme & Co <status>',
  author: 'Acme & Co',
  description: 'Incidents and maintenance reported on Acme & Co <status>.',
  link: `${BASE}/`,
  rssUrl: `${BASE}/history.rss`,
  atomUrl: `${BASE}/history.atom`,
  updated: FEED_UPDATED,
  entries: [ENTRY_1, ENTRY_2],
};

const EMPTY: FeedDocument = { ...DOC, entries: [] };



function parse(xml: string): XmlNode {
  expect(XMLValidator.validate(xml)).toBe(true);
  return feedParser.parse(xml);
}

const rss = (doc: FeedDocument) => parse(renderFeed(doc, 'rss')).rss;
const atom = (doc: FeedDocument) => parse(renderFeed(doc, 'atom')).feed;

describe('renderFeed snapshots', () => {
  it('renders RSS 2.0 exactly as before', async () => {
    await expect(renderFeed(DOC, 'rss')).toMatchFileSnapshot('./__snapshots__/history.rss.xml');
  });

  it('renders Atom 1.0 exactly as before', async () => {
    await expect(renderFeed(DOC, 'atom')).toMatchFileSnapshot('./__snapshots__/history.atom.xml');
  });

  it('is a pure function of the document', () => {
    for (const format of FEED_FORMATS) expect(renderFeed(DOC, format)).toBe(renderFeed(structuredClone(DOC), format));
  });
});

describe('RSS 2.0', () => {
  it('is well-formed XML with an XML declaration in UTF-8', () => {
    const xml = renderFeed(DOC, 'rss');
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  });

  it('has rss@version 2.0 and a channel with title, link, description and build date', () => {
    const r = rss(DOC);
    expect(r['@_version']).toBe('2.0');
    expect(xmlText(r.channel.title)).toBe(DOC.title);
    expect(r.channel.link.map(xmlText)).toEqual([DOC.link]);
    expect(xmlText(r.channel.description)).toBe(DOC.description);
    expect(xmlText(r.channel.lastBuildDate)).toBe('Wed, 13 May 2026 14:20:00 GMT');
  });

  it('links to itself with rel="self" at rssUrl', () => {
    const self = rss(DOC).channel['atom:link'].filter((l: XmlNode) => l['@_rel'] === 'self');
    expect(self).toHaveLength(1);
    expect(self[0]['@_href']).toBe(DOC.rssUrl);
    expect(self[0]['@_type']).toBe('application/rss+xml');
  });

  it('has one item per entry, in order, with guid = entry id, link and pubDate = published', () => {
    const items = rss(DOC).channel.item;
    expect(items).toHaveLength(2);
    expect(items.map((i: XmlNode) => xmlText(i.guid))).toEqual([ENTRY_1.id, ENTRY_2.id]);
    expect(items.map((i: XmlNode) => i.link.map(xmlText))).toEqual([[ENTRY_1.link], [ENTRY_2.link]]);
    // RFC 822 dates: seconds precision.
    expect(items.map((i: XmlNode) => xmlText(i.pubDate))).toEqual(['Wed, 13 May 2026 12:00:00 GMT', 'Sun, 10 May 2026 08:30:00 GMT']);
    expect(items.map((i: XmlNode) => Date.parse(xmlText(i.pubDate)))).toEqual([PUBLISHED_1, PUBLISHED_2]);
  });

  it('carries the summary as description and the timeline HTML as content:encoded', () => {
    const r = rss(DOC);
    const [first] = r.channel.item;
    expect(r['@_xmlns:content']).toBe('http://purl.org/rss/1.0/modules/content/');
    expect(xmlText(first.description)).toBe(ENTRY_1.summary);
    expect(xmlText(first['content:encoded'])).toBe(ENTRY_1.contentHtml);
  });

  it('keeps <, &, quotes and "]]>" in titles, summaries and content as exactly the same text', () => {
    const r = rss(DOC);
    const nasty = r.channel.item[1];
    expect(xmlText(nasty.title)).toBe(NASTY_TITLE);
    // RSS descriptions are HTML to readers: the summary is escaped, and reads as written once decoded.
    expect(xmlText(nasty.description)).not.toContain('<');
    expect(unescapeHtml(xmlText(nasty.description))).toBe(NASTY_SUMMARY);
    expect(xmlText(nasty['content:encoded'])).toBe(NASTY_CONTENT);
    expect(xmlText(r.channel.title)).toBe('Acme & Co <status>');
  });

  it('an empty entry list is still a valid feed with its channel', () => {
    const r = rss(EMPTY);
    expect(r['@_version']).toBe('2.0');
    expect(xmlText(r.channel.title)).toBe(DOC.title);
    expect(r.channel.link.map(xmlText)).toEqual([DOC.link]);
    expect(xmlText(r.channel.description)).toBe(DOC.description);
    expect(r.channel.item ?? []).toHaveLength(0);
  });
});

describe('Atom 1.0', () => {
  it('is well-formed XML in the Atom namespace', () => {
    const xml = renderFeed(DOC, 'atom');
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(feedParser.parse(xml).feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
  });

  it('has feed id, title, updated and subtitle', () => {
    const f = atom(DOC);
    expect(xmlText(f.id)).toBe(DOC.link);
    expect(xmlText(f.title)).toBe(DOC.title);
    expect(xmlText(f.updated)).toBe('2026-05-13T14:20:00.000Z');
    expect(xmlText(f.subtitle)).toBe(DOC.description);
  });

  it('links to itself with rel="self" at atomUrl and to the page with rel="alternate"', () => {
    const links: XmlNode[] = atom(DOC).link;
    expect(links.filter((l) => l['@_rel'] === 'self').map((l) => l['@_href'])).toEqual([DOC.atomUrl]);
    expect(links.filter((l) => l['@_rel'] === 'alternate').map((l) => l['@_href'])).toEqual([DOC.link]);
  });

  it('has one entry per entry, in order, with id, updated, published and link href', () => {
    const entries: XmlNode[] = atom(DOC).entry;
    expect(entries).toHaveLength(2);
    expect(entries.map((e) => xmlText(e.id))).toEqual([ENTRY_1.id, ENTRY_2.id]);
    expect(entries.map((e) => xmlText(e.updated))).toEqual(['2026-05-13T14:16:07.149Z', '2026-05-11T09:45:00.000Z']);
    expect(entries.map((e) => xmlText(e.published))).toEqual(['2026-05-13T12:00:00.000Z', '2026-05-10T08:30:00.000Z']);
    expect(entries.map((e) => e.link.map((l: XmlNode) => l['@_href']))).toEqual([[ENTRY_1.link], [ENTRY_2.link]]);
  });

  it('carries the timeline as HTML content', () => {
    const [first] = atom(DOC).entry;
    expect(first.content['@_type']).toBe('html');
    expect(xmlText(first.content)).toBe(ENTRY_1.contentHtml);
  });

  // Entry titles and summaries are type="html" in Atom: how a reader shows them is tested below.
  it('keeps <, &, quotes and "]]>" in content and the feed title as exactly the same text', () => {
    const f = atom(DOC);
    expect(xmlText(f.entry[1].content)).toBe(NASTY_CONTENT);
    expect(xmlText(f.title)).toBe('Acme & Co <status>');
  });

  /**
   * RFC 4287 §3.1.1.2: a text construct with type="html" holds escaped HTML, which readers
   * render as HTML. Titles and summaries are plain text, so either they are declared
   * type="text" (or undeclared) or their HTML must decode back to the same text.
   */
  it('declares plain-text titles and summaries so that readers show them as written', () => {
    const nasty = atom(DOC).entry[1];
    for (const [field, node, expected] of [
      ['title', nasty.title, NASTY_TITLE],
      ['summary', nasty.summary, NASTY_SUMMARY],
    ] as const) {
      const type = node['@_type'] ?? 'text';
      expect(['text', 'html']).toContain(type);
      const shown = type === 'text' ? xmlText(node) : htmlAsText(xmlText(node));
      expect(shown, `atom:${field} type="${type}" as a reader shows it`).toBe(expected);
    }
  });

  /** RFC 4287 §4.1.1: atom:feed MUST contain an atom:author unless every entry has one. */
  it('names an author, as Atom requires of every feed whose entries have none', () => {
    for (const doc of [DOC, EMPTY]) {
      const f = atom(doc);
      const entriesHaveAuthors = (f.entry ?? []).length > 0 && f.entry.every((e: XmlNode) => (e.author ?? []).length > 0);
      expect(entriesHaveAuthors || (f.author ?? []).some((a: XmlNode) => xmlText(a.name) !== '')).toBe(true);
    }
  });

  it('an empty entry list is still a valid feed with id, title and updated', () => {
    const f = atom(EMPTY);
    expect(f['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(xmlText(f.id)).toBe(DOC.link);
    expect(xmlText(f.title)).toBe(DOC.title);
    expect(xmlText(f.updated)).toBe('2026-05-13T14:20:00.000Z');
    expect(f.entry ?? []).toHaveLength(0);
  });
});

describe('FEED_CONTENT_TYPES', () => {
  it('names the registered media type of each format, in UTF-8', () => {
    expect(FEED_CONTENT_TYPES).toEqual({
      rss: 'application/rss+xml; charset=utf-8',
      atom: 'application/atom+xml; charset=utf-8',
    });
    expect([...FEED_FORMATS]).toEqual(['rss', 'atom']);
  });
});

/**
 * How a reader shows an HTML string as text, for strings without markup: character
 * references decoded. A string with markup or a bare "&"/"<" is not the HTML encoding of
 * plain text, so it is returned marked, which no plain-text expectation can equal.
 */
function htmlAsText(html: string): string {
  if (/<|&(?!(amp|lt|gt|quot|#39|#x27);)/.test(html)) return `[not escaped HTML] ${html}`;
  return html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(39|x27);/g, "'")
    .replace(/&amp;/g, '&');
}
