import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { encodeBody, mimeMessage } from '../../../src/server/outbox/mime.js';
import { linksFor, personalCopy, personalise, placeholderTokens, sharedRendering } from '../../../src/server/outbox/personal-links.js';

describe('placeholder link tokens', () => {
  it('are random per call and survive HTML escaping unchanged', () => {
    const a = placeholderTokens();
    const b = placeholderTokens();
    expect(a.manage).not.toBe(b.manage);
    expect(a.manage).not.toBe(a.unsubscribe);
    for (const t of [a.manage, a.unsubscribe]) expect(t).toMatch(/^[a-z0-9]+$/);
  });

  it('are replaced everywhere in text and HTML by the subscriber’s own, the subject untouched', () => {
    const placeholders = placeholderTokens();
    const shared = linksFor('https://status.example.com', placeholders);
    const content = {
      subject: 'Update',
      text: `Manage: ${shared.manageUrl}\nUnsubscribe: ${shared.unsubscribeUrl}\nAgain: ${shared.unsubscribeUrl}`,
      html: `<a href="${shared.manageUrl}">m</a><a href="${shared.unsubscribeUrl}">u</a>`,
    };
    const own = personalise(content, placeholders, { manage: 'abc.manage', unsubscribe: 'abc.unsub' });
    expect(own).toEqual({
      subject: 'Update',
      text: 'Manage: https://status.example.com/subscriptions/abc.manage\nUnsubscribe: https://status.example.com/unsubscribe/abc.unsub\nAgain: https://status.example.com/unsubscribe/abc.unsub',
      html: '<a href="https://status.example.com/subscriptions/abc.manage">m</a><a href="https://status.example.com/unsubscribe/abc.unsub">u</a>',
    });
  });

  it('make a copy whose wire form says exactly what its text and HTML say', async () => {
    const placeholders = placeholderTokens();
    const links = linksFor('https://status.example.com', placeholders);
    const shared = sharedRendering({ subject: 'Update', text: `Leave: ${links.unsubscribeUrl}\nManage: ${links.manageUrl}`, html: `<a href="${links.manageUrl}">m</a> ${links.unsubscribeUrl}` }, placeholders);
    const tokens = { manage: 'abc.manage', unsubscribe: 'abc.unsub' };
    const copy = personalCopy(shared, placeholders, tokens, { to: 'ana@example.com', messageId: '<1@x>', inReplyTo: null, references: [], headers: {} });
    expect(copy.text).toBe(personalise(shared.content, placeholders, tokens).text);
    expect(copy.html).toContain('https://status.example.com/subscriptions/abc.manage');
    const raw = mimeMessage(encodeBody(shared.content, shared.slots), { from: 'status@example.com', to: copy.to, messageId: copy.messageId, inReplyTo: null, references: [], headers: {}, date: 0, values: copy.personal!.values });
    const parsed = await simpleParser(raw);
    expect(parsed.text!.trimEnd()).toBe(copy.text);
    expect(parsed.html).toBe(copy.html);
  });
});
