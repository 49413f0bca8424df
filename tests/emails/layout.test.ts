import { describe, expect, it } from 'vitest';
import { absoluteUrl, renderEmail, type EmailDocument } from '../../emails/layout.js';
import { LINKS, PAGE } from './fixtures.js';

const DOC: EmailDocument = {
  page: PAGE,
  subject: 'Subject',
  preheader: 'Preview',
  eyebrow: 'Kind',
  heading: 'Heading',
  blocks: [
    { kind: 'paragraph', text: 'A paragraph.' },
    { kind: 'facts', rows: [{ label: 'Status', value: 'Fine' }, { label: 'Reference', value: 'INC-1' }] },
    { kind: 'list', title: 'Things', items: [{ text: 'One', note: 'Major outage', noteColour: '#d12f2f' }, { text: 'Two' }] },
    { kind: 'message', html: '<p>Trusted <strong>HTML</strong></p>', text: 'Trusted HTML\r\n' },
    { kind: 'button', label: 'Open', url: 'https://status.acme.test/x', showUrl: true },
  ],
  reason: 'Because.',
  links: LINKS,
};

describe('absoluteUrl', () => {
  it.each(['https://status.acme.test/', 'http://localhost:4321/incidents/a?b=c#d', 'HTTPS://STATUS.ACME.TEST'])('accepts %s', (url) => {
    expect(absoluteUrl(url)).toBe(url);
  });

  it.each([
    '/incidents/a',
    '//status.acme.test/a',
    'status.acme.test/a',
    'javascript:alert(1)',
    'data:text/html,x',
    'mailto:a@b.test',
    'https://',
    'https:///path',
    'https://status.acme.test/a b',
    'https://status.acme.test/\nBcc: x',
    '',
  ])('refuses %j', (url) => {
    expect(() => absoluteUrl(url)).toThrow(TypeError);
  });

  it('is enforced for every link a mail carries', () => {
    expect(() => renderEmail({ ...DOC, page: { ...PAGE, url: '/' } })).toThrow(TypeError);
    expect(() => renderEmail({ ...DOC, links: { ...LINKS, unsubscribeUrl: 'javascript:x' } })).toThrow(TypeError);
    expect(() => renderEmail({ ...DOC, blocks: [{ kind: 'button', label: 'Go', url: '/x', showUrl: false }] })).toThrow(TypeError);
  });
});

describe('renderEmail', () => {
  const mail = renderEmail(DOC);

  it('lays facts out as aligned "Label: value" lines in the text version', () => {
    expect(mail.text).toContain('Status:    Fine\nReference: INC-1');
  });

  it('writes list items with their note, in both versions', () => {
    expect(mail.text).toContain('Things:\n- One: Major outage\n- Two');
    expect(mail.html).toContain('<li style="margin:0 0 4px;">One — <span style="color:#d12f2f;font-weight:600;">Major outage</span></li>');
  });

  it('inserts the pre-rendered message HTML as is and its text with normalised line ends', () => {
    expect(mail.html).toContain('<p>Trusted <strong>HTML</strong></p>');
    expect(mail.text).toContain('\n\nTrusted HTML\n\n');
    expect(mail.text).not.toContain('\r');
  });

  it('shows a button link in full when asked to, for clients that hide buttons', () => {
    expect(mail.text).toContain('Open:\nhttps://status.acme.test/x');
    expect(mail.html.match(/href="https:\/\/status\.acme\.test\/x"/g)).toHaveLength(2);
  });

  it('ends the text version with a signature block holding the reason and the links', () => {
    expect(mail.text.endsWith(
      `-- \nBecause.\nStatus page: ${PAGE.url}\nManage your subscription: ${LINKS.manageUrl}\nUnsubscribe: ${LINKS.unsubscribeUrl}\n`,
    )).toBe(true);
  });

  it('leaves manage and unsubscribe out when there is no subscription yet', () => {
    const bare = renderEmail({ ...DOC, links: null });
    expect(bare.text).not.toContain('Unsubscribe');
    expect(bare.html).not.toContain('Unsubscribe');
    expect(bare.text).toContain(`Status page: ${PAGE.url}`);
  });

  it('puts the preview text first in the body, hidden', () => {
    expect(mail.html).toMatch(/<body[^>]*>\n<div style="display:none;[^"]*">Preview<\/div>/);
  });
});
