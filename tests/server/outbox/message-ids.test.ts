import { describe, expect, it } from 'vitest';
import { confirmMessageId, messageIdDomain, postmortemMessageId, updateMessageId } from '../../../src/server/outbox/message-ids.js';

/**
 * RFC 5322 §3.6.4 msg-id without obsolete forms: "<" dot-atom-text "@" (dot-atom-text / no-fold-literal) ">".
 * atext excludes, among others, ":" and "[" "]"; a domain literal keeps its brackets.
 */
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const DOT_ATOM = `${ATEXT}+(?:\\.${ATEXT}+)*`;
const MSG_ID = new RegExp(`^<${DOT_ATOM}@(?:${DOT_ATOM}|\\[[\\x21-\\x5a\\x5e-\\x7e]*\\])>$`);

describe('Message-IDs', () => {
  it('derive from the message and the subscriber, never from chance', () => {
    expect(updateMessageId('upd123456789', 'sub123456789', 'status.example.com')).toBe('<update.upd123456789.sub123456789@status.example.com>');
    expect(updateMessageId('upd123456789', 'sub123456789', 'status.example.com')).toBe(updateMessageId('upd123456789', 'sub123456789', 'status.example.com'));
    expect(postmortemMessageId('evt123456789', 1_700_000_000_000, 'sub123456789', 'status.example.com')).toBe(
      '<postmortem.evt123456789.1700000000000.sub123456789@status.example.com>',
    );
    expect(confirmMessageId(42, 'sub123456789', 'status.example.com')).toBe('<confirm.42.sub123456789@status.example.com>');
  });

  it('differ per subscriber, per update, per kind and per postmortem publication', () => {
    const ids = [
      updateMessageId('u1', 's1', 'd.example'),
      updateMessageId('u1', 's2', 'd.example'),
      updateMessageId('u2', 's1', 'd.example'),
      postmortemMessageId('u1', 1, 's1', 'd.example'),
      postmortemMessageId('u1', 2, 's1', 'd.example'),
      confirmMessageId(1, 's1', 'd.example'),
      confirmMessageId(2, 's1', 'd.example'),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('are valid RFC 5322 msg-ids for the base URLs a page may have', () => {
    for (const base of ['https://status.example.com', 'http://localhost:4321', 'https://bücher.example/status', 'http://127.0.0.1:8080']) {
      const domain = messageIdDomain(base);
      expect(updateMessageId('upd123456789', 'sub123456789', domain), base).toMatch(MSG_ID);
      expect(postmortemMessageId('evt123456789', 1, 'sub123456789', domain), base).toMatch(MSG_ID);
      expect(confirmMessageId(7, 'sub123456789', domain), base).toMatch(MSG_ID);
    }
  });

  it('stay valid for an IPv6 base URL: the literal keeps its brackets (":" is not allowed bare)', () => {
    const domain = messageIdDomain('http://[::1]:4321');
    expect(updateMessageId('upd123456789', 'sub123456789', domain)).toMatch(MSG_ID);
    expect(domain).toBe('[::1]');
  });
});

describe('messageIdDomain', () => {
  it('is the host name of the public URL, without port, path or credentials', () => {
    expect(messageIdDomain('https://status.example.com')).toBe('status.example.com');
    expect(messageIdDomain('https://Status.Example.COM:8443/page?x=1#y')).toBe('status.example.com');
    expect(messageIdDomain('https://user:pw@status.example.com/')).toBe('status.example.com');
    expect(messageIdDomain('http://127.0.0.1:8080')).toBe('127.0.0.1');
  });

  it('uses the ASCII (punycode) form of an international domain', () => {
    expect(messageIdDomain('https://bücher.example')).toBe('xn--bcher-kva.example');
  });

  it('falls back to localhost when the URL is unusable', () => {
    expect(messageIdDomain('')).toBe('localhost');
    expect(messageIdDomain('not a url')).toBe('localhost');
    expect(messageIdDomain('status.example.com')).toBe('localhost');
    expect(messageIdDomain('file:///var/www')).toBe('localhost');
  });
});
