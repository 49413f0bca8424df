import { Marked } from 'marked';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../src/server/markdown.js';
import { liveMarkup } from '../../helpers/live-html.js';
import { composePayloadMails, type PayloadMail } from '../../helpers/xss-mail.js';
import { XSS_PAYLOADS } from '../../helpers/xss-corpus.js';
import { HOSTILE_SETTINGS } from '../../helpers/xss-site.js';

/** What the layout itself puts in every mail's <head>; nothing else may be an element a client would act on. */
const MAIL_HEAD = ['meta'];

describe('the live-markup check used on mails and feeds', () => {
  it('flags most payloads once Markdown is rendered without the sanitiser, and none after it', () => {
    const unsafe = new Marked({ gfm: true, breaks: true, async: false });
    const flagged = XSS_PAYLOADS.filter((p) => liveMarkup(unsafe.parse(p.text) as string).length > 0).map((p) => p.id);
    // Attribute breakouts, template syntax and entity-encoded text are inert outside an attribute or a
    // template, and marked itself escapes a few malformed tags; everything else must be caught.
    expect(flagged.length).toBeGreaterThanOrEqual(20);
    expect(flagged).toEqual(expect.arrayContaining(['script-tag', 'img-onerror', 'md-js-link', 'md-data', 'md-autolink', 'srcdoc', 'base-href', 'meta-refresh', 'mxss']));
    expect(XSS_PAYLOADS.filter((p) => liveMarkup(renderMarkdown(p.text)).length > 0).map((p) => p.id)).toEqual([]);
  });
});

describe('mails composed from stored XSS payloads', () => {
  let mails: PayloadMail[];
  beforeAll(() => {
    mails = composePayloadMails();
  });

  it('composes every kind of mail, and each event mail names a payload in its subject', () => {
    expect(new Set(mails.map((m) => m.kind))).toEqual(new Set(['confirm', 'update', 'postmortem']));
    // 16 open incidents updated, 16 postmortems republished, the first incident's opening, the maintenance update, one confirmation.
    expect(mails.length).toBe(35);
    for (const { kind, mail } of mails.filter((m) => m.kind !== 'confirm')) {
      expect(mail.subject.startsWith('['), `${kind}: ${mail.subject}`).toBe(true);
      expect(XSS_PAYLOADS.some((p) => mail.subject.includes(p.id)), `${kind}: ${mail.subject}`).toBe(true);
    }
  });

  it('has no live markup in any HTML part: no script, frames, handlers, javascript:/data: links or meta refresh', () => {
    const problems = mails.flatMap(({ kind, mail }) => liveMarkup(mail.html, { allowElements: MAIL_HEAD }).map((p) => `${kind} “${mail.subject}”: ${p}`));
    expect(problems).toEqual([]);
    for (const { mail } of mails) {
      for (const meta of mail.html.matchAll(/<meta\b[^>]*>/g)) expect(meta[0]).not.toMatch(/http-equiv/i);
    }
  });

  it('keeps payloads as escaped text in the HTML part and as written in the text part', () => {
    for (const { mail } of mails) {
      expect(mail.html).not.toContain(HOSTILE_SETTINGS.name);
      expect(mail.html).toContain('&lt;/title&gt;&lt;script&gt;__xss(&#39;title&#39;)&lt;/script&gt;');
      // The brand colour is not a colour: the default is used, and nothing of it reaches the CSS.
      expect(mail.html).not.toContain('brand-color');
    }
    const updates = mails.filter((m) => m.kind === 'update');
    let checked = 0;
    for (const p of XSS_PAYLOADS.filter((x) => /[<>&"']/.test(x.text))) {
      const about = updates.find((m) => m.mail.text.includes(`\n\n${p.text}\n\n`));
      if (!about) continue;
      checked += 1;
      expect(about.mail.html, p.id).not.toContain(p.text);
    }
    // Every open incident's update, at least.
    expect(checked).toBeGreaterThanOrEqual(15);
  });

  it('keeps every subject and header on one line', () => {
    for (const { mail } of mails) {
      expect(mail.subject).not.toMatch(/[\r\n\u2028\u2029]/);
      expect(mail.to).not.toMatch(/[\r\n]/);
      for (const [name, value] of Object.entries(mail.headers)) expect(value, name).not.toMatch(/[\r\n\u2028\u2029]/);
    }
  });
});
