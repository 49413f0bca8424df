import { describe, expect, it } from 'vitest';
import { DEFAULT_BRAND_COLOUR } from '../../emails/colours.js';
import { escapeHtml } from '../../src/core/escape-html.js';
import { SUBJECT_MAX_LENGTH } from '../../emails/subject.js';
import { eventHandlers, MAIL_CASES, openedTags, PAGE } from './fixtures.js';

/** Every tag the layout itself writes; a user's text must never add one. */
const LAYOUT_TAGS = new Set(['!doctype', 'html', 'head', 'meta', 'title', 'body', 'div', 'table', 'tr', 'td', 'th', 'p', 'h1', 'h2', 'ul', 'li', 'a', 'span', 'br']);
/** Tags the fixture messages (pre-rendered, sanitised Markdown) bring. */
const MESSAGE_TAGS = new Set(['strong', 'em', 'h3']);

const XSS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '</td></tr></table><iframe src="https://evil.test"></iframe>',
];

describe.each(MAIL_CASES)('$name', ({ render, links, showsTitle, showsComponents }) => {
  const plain = render(PAGE, 'Database upgrade', 'API');

  it.each(XSS)('escapes %s in page name, title and component names', (payload) => {
    const mail = render({ ...PAGE, name: `Acme ${payload}` }, `Title ${payload}`, `API ${payload}`);
    for (const tag of openedTags(mail.html)) {
      expect(LAYOUT_TAGS.has(tag) || MESSAGE_TAGS.has(tag), `<${tag}> in the html`).toBe(true);
    }
    expect(eventHandlers(mail.html)).toEqual([]);
    expect(mail.html).toContain(`Acme ${escapeHtml(payload)}`);
    if (showsTitle) expect(mail.html).toContain(`Title ${escapeHtml(payload)}`);
    if (showsComponents) expect(mail.html).toContain(`API ${escapeHtml(payload)}`);
    // The text version is plain text: shown as typed, never HTML-escaped.
    expect(mail.text).toContain(`Acme ${payload}`);
    if (showsTitle) expect(mail.text).toContain(`Title ${payload}`);
  });

  it('has a single-line subject even when the page name and title carry line breaks', () => {
    const mail = render({ ...PAGE, name: 'Acme\r\nStatus' }, 'Down\r\nBcc: someone@example.com', 'API');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject.startsWith('[Acme Status] ')).toBe(true);
    if (showsTitle) expect(mail.subject).toBe('[Acme Status] Down Bcc: someone@example.com');
  });

  it('caps the subject length', () => {
    const mail = render({ ...PAGE, name: 'A'.repeat(400) }, 'T'.repeat(400), 'API');
    expect(Array.from(mail.subject).length).toBeLessThanOrEqual(SUBJECT_MAX_LENGTH);
  });

  it('carries every link in the plain-text version, and in the html', () => {
    for (const link of [PAGE.url, ...links]) {
      expect(plain.text).toContain(link);
      expect(plain.html).toContain(`href="${escapeHtml(link)}"`);
    }
  });

  it('uses inline CSS only and no images or scripts', () => {
    for (const banned of ['style', 'link', 'img', 'script', 'svg', 'iframe', 'object']) {
      expect(openedTags(plain.html)).not.toContain(banned);
    }
    expect(plain.html).not.toMatch(/url\(|background=|src=/i);
    expect(plain.html.startsWith('<!DOCTYPE html>')).toBe(true);
  });

  it('uses a valid brand colour, and the default for an invalid one', () => {
    expect(plain.html).toContain(`border-top:4px solid ${PAGE.brandColor}`);
    for (const brandColor of [null, 'red', '#12345', '#123456;background:url(https://evil.test/x)', '" onload="x']) {
      const mail = render({ ...PAGE, brandColor }, 'Database upgrade', 'API');
      expect(mail.html).toContain(`border-top:4px solid ${DEFAULT_BRAND_COLOUR}`);
      expect(mail.html).not.toContain('evil.test');
      expect(eventHandlers(mail.html)).toEqual([]);
    }
  });

  it('says why the reader gets it, in both versions', () => {
    expect(plain.text).toMatch(/\n-- \nYou rec(eive|eived) this .*Acme Status/);
    expect(plain.html).toMatch(/You rec(eive|eived) this [^<]*Acme Status/);
  });

  it('is a pure function of its input', () => {
    expect(render(PAGE, 'Database upgrade', 'API')).toEqual(plain);
  });
});
