import { Feed } from 'feed';
import { xmlSafe } from '../../core/xml-safe.js';
import { escapeHtml } from '../../core/escape-html.js';
import type { FeedDocument } from './feed-model.js';

export const FEED_FORMATS = ['rss', 'atom'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

export const FEED_CONTENT_TYPES: Readonly<Record<FeedFormat, string>> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
};

/**
 * `feed` writes RSS text in CDATA through xml-js, which splits only the first "]]>" of a text: a second
 * one would end the section and let the rest be read as markup. Every later one is split here the
 * same way ("]]]]><![CDATA[>"), leaving the first for xml-js.
 */
export function cdataSafe(text: string): string {
  const parts = text.split(']]>');
  return parts.length <= 2 ? text : `${parts[0]}]]>${parts.slice(1).join(']]]]><![CDATA[>')}`;
}

/** The instants RFC 3339 (Atom) and RFC 822 (RSS) can write: years 0000–9999. */
const FIRST_WRITABLE = Date.parse('0000-01-01T00:00:00.000Z');
const LAST_WRITABLE = Date.parse('9999-12-31T23:59:59.999Z');

/** A date the feed can write: a stored instant outside four-digit years is pinned to the nearest end. */
function feedDate(epochMs: number): Date {
  return new Date(Math.min(Math.max(epochMs, FIRST_WRITABLE), LAST_WRITABLE));
}

/** Renders a feed document as RSS 2.0 or Atom 1.0 through the `feed` package. */
export function renderFeed(doc: FeedDocument, format: FeedFormat): string {
  // Atom titles and summaries are declared type="html" by `feed`, and RSS descriptions are HTML by
  // convention: plain text is escaped there so it reads as written and never becomes markup.
  // RSS titles are plain text (RSS Advisory Board), so they carry the text as is.
  const html = (s: string): string => escapeHtml(xmlSafe(s));
  // The feed's own title and description are plain text in both formats.
  const plain = format === 'atom' ? xmlSafe : (s: string): string => cdataSafe(xmlSafe(s));
  const text = format === 'atom' ? html : plain;
  const feed = new Feed({
    author: { name: xmlSafe(doc.author) },
    id: doc.link,
    title: plain(doc.title),
    description: plain(doc.description),
    link: doc.link,
    updated: feedDate(doc.updated),
    generator: 'Beacon',
    language: 'en',
    feedLinks: { rss: doc.rssUrl, atom: doc.atomUrl },
  });
  for (const e of doc.entries) {
    feed.addItem({
      id: e.id,
      guid: e.id,
      title: text(e.title),
      link: e.link,
      date: feedDate(e.updated),
      published: feedDate(e.published),
      description: html(e.summary),
      content: xmlSafe(e.contentHtml),
    });
  }
  return format === 'rss' ? feed.rss2() : feed.atom1();
}
