import { describe, expect, it } from 'vitest';
import { claimedSubscriber, linkToken, verifyLinkToken } from '../../../src/server/subscribers/links.js';

const KEY = new Uint8Array(32).fill(7);
const OTHER_KEY = new Uint8Array(32).fill(8);
const ID = 'abcdefgh2345';
const OTHER_ID = 'zyxwvuts9876';

/** The same token with the character at `index` replaced by another one of the MAC alphabet. */
function flip(token: string, index: number): string {
  const c = token[index]!;
  const replacement = c === 'a' ? 'b' : 'a';
  return token.slice(0, index) + replacement + token.slice(index + 1);
}

describe('linkToken / verifyLinkToken', () => {
  it('round-trips: `<subscriber id>.<32 base32 chars>`, valid for its purpose, subscriber and generation', () => {
    const token = linkToken(KEY, 'manage', ID, 3);
    expect(token).toMatch(/^abcdefgh2345\.[a-z2-7]{32}$/);
    expect(verifyLinkToken(KEY, 'manage', token, ID, 3)).toBe(true);
    expect(claimedSubscriber(token)).toBe(ID);
  });

  it('matches HMAC-SHA256 over "purpose:id:generation", base32, first 32 characters (links already mailed stay valid)', () => {
    // Known answers computed outside Beacon: Python's hmac + base64.b32encode, lower-cased.
    const key = new Uint8Array(32).map((_, i) => i);
    expect(linkToken(key, 'manage', ID, 3)).toBe('abcdefgh2345.kn3wkbyxf24nv4m3gvlpd6excln2fyrb');
    expect(linkToken(key, 'unsubscribe', ID, 0)).toBe('abcdefgh2345.orhsypb523qq4rdobrh3nyndp73nbkkj');
  });

  it('is deterministic: the same inputs give the same link in every mail', () => {
    expect(linkToken(KEY, 'unsubscribe', ID, 1)).toBe(linkToken(KEY, 'unsubscribe', ID, 1));
  });

  it('keeps purposes apart: a manage link cannot unsubscribe, nor the other way round', () => {
    const manage = linkToken(KEY, 'manage', ID, 1);
    const unsubscribe = linkToken(KEY, 'unsubscribe', ID, 1);
    expect(manage).not.toBe(unsubscribe);
    expect(verifyLinkToken(KEY, 'unsubscribe', manage, ID, 1)).toBe(false);
    expect(verifyLinkToken(KEY, 'manage', unsubscribe, ID, 1)).toBe(false);
    expect(verifyLinkToken(KEY, 'unsubscribe', unsubscribe, ID, 1)).toBe(true);
  });

  it('rejects a token checked against another subscriber, even with that subscriber\'s id pasted in', () => {
    const token = linkToken(KEY, 'manage', ID, 1);
    expect(verifyLinkToken(KEY, 'manage', token, OTHER_ID, 1)).toBe(false);
    const pasted = `${OTHER_ID}.${token.split('.')[1]}`;
    expect(claimedSubscriber(pasted)).toBe(OTHER_ID);
    expect(verifyLinkToken(KEY, 'manage', pasted, OTHER_ID, 1)).toBe(false);
  });

  it('revokes every older link when the generation is bumped', () => {
    const old = linkToken(KEY, 'manage', ID, 4);
    expect(verifyLinkToken(KEY, 'manage', old, ID, 5)).toBe(false);
    expect(verifyLinkToken(KEY, 'manage', linkToken(KEY, 'manage', ID, 5), ID, 5)).toBe(true);
    // A link from the future (or a rolled-back generation) is no better.
    expect(verifyLinkToken(KEY, 'manage', linkToken(KEY, 'manage', ID, 6), ID, 5)).toBe(false);
  });

  it('rejects any single changed character of the MAC', () => {
    const token = linkToken(KEY, 'unsubscribe', ID, 2);
    for (let i = ID.length + 1; i < token.length; i++) {
      expect(verifyLinkToken(KEY, 'unsubscribe', flip(token, i), ID, 2), `position ${i}`).toBe(false);
    }
  });

  it('rejects links made with another installation\'s key', () => {
    const foreign = linkToken(OTHER_KEY, 'manage', ID, 1);
    expect(foreign).not.toBe(linkToken(KEY, 'manage', ID, 1));
    expect(verifyLinkToken(KEY, 'manage', foreign, ID, 1)).toBe(false);
  });

  it('rejects malformed strings without throwing', () => {
    const good = linkToken(KEY, 'manage', ID, 1);
    const mac = good.split('.')[1]!;
    const malformed = [
      '',
      '.',
      ID,
      `${ID}.`,
      mac,
      `${ID}${mac}`,
      `${ID}.${mac.slice(1)}`,
      `${ID}.${mac}a`,
      good.toUpperCase(),
      `${ID}.${mac.slice(0, -1)}1`, // 1 is not base32
      `${ID}.${mac.slice(0, -1)}=`,
      ` ${good}`,
      `${good} `,
      `${good}\n`,
      `${ID.slice(1)}.${mac}`,
      `${ID}x.${mac}`,
      `${ID}.${mac}.${mac}`,
      'x'.repeat(100_000),
    ];
    for (const token of malformed) {
      expect(verifyLinkToken(KEY, 'manage', token, ID, 1), JSON.stringify(token.slice(0, 60))).toBe(false);
      expect(claimedSubscriber(token)).toBeNull();
    }
  });
});
