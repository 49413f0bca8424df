import { describe, expect, it } from 'vitest';
import { linksFor, personalise, placeholderTokens } from '../../../src/server/outbox/personal-links.js';

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
});
