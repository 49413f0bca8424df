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
    updated: new Date(doc.updated),
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
      date: new Date(e.updated),
      published: new Date(e.published),
      description: html(e.summary),
      content: xmlSafe(e.contentHtml),
    });
  }
  return format === 'rss' ? feed.rss2() : feed.atom1();
}
