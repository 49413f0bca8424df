import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const marked = new Marked({ gfm: true, breaks: true, async: false });

/**
 * Markdown → safe HTML. marked does not sanitise, so its output goes through an
 * allow-list: no scripts, styles, iframes, event handlers or javascript:/data: URLs.
 */
const POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'strong', 'em', 'del', 'code', 'pre', 'blockquote',
    'ul', 'ol', 'li', 'a', 'h3', 'h4', 'h5', 'h6',
    'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'], th: ['align'], td: ['align'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  // Headings inside an update must not outrank the page's own h1/h2.
  transformTags: {
    h1: 'h3',
    h2: 'h4',
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer' }),
  },
  disallowedTagsMode: 'escape',
};

export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown) as string;
  return sanitizeHtml(html, POLICY);
}

/**
 * V8 compiles a regular expression on its first use, and marked's rules are large ones: the first
 * parse took ≈ 40 ms. One parse of every common construct when this module loads (the server loads
 * the front page's code at start, site.ts) spares the first visitor after a restart that wait.
 */
renderMarkdown('# a\n\nb **c** _d_ `e` [f](https://g.example)\n\n> h\n\n- i\n1. j\n\n| k |\n| - |\n| l |\n\n```\nm\n```\n');
