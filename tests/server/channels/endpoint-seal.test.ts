import { createCipheriv, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  endpointOpener,
  endpointOpenerOrNull,
  endpointSealKeys,
  isSealedEndpoint,
  openWithKeys,
  SEALED_ENDPOINT_PREFIX,
  sealEndpoint,
  sealWithKeys,
  SealedEndpointError,
} from '../../../src/server/channels/endpoint-seal.js';
import { seal, unseal } from '../../../src/server/channels/secret-box.js';
import { maskedEndpoint } from '../../../src/core/channels/endpoint-mask.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';

const SLACK = 'https://hooks.slack.com/services/T0001/B0002/abcdefghijklmnopqrstUVWX';
const NOW = Date.UTC(2026, 11, 5, 4);
const keys = endpointSealKeys(randomBytes(32));

/** The SealedEndpointError `f` throws; fails the test when it throws nothing or something else. */
function refusal(f: () => unknown): SealedEndpointError {
  try {
    f();
  } catch (e) {
    if (e instanceof SealedEndpointError) return e;
    throw e;
  }
  throw new Error('expected the value to be refused');
}

/** `sealed` with one byte of its field `field` (0 key id, 1 iv, 2 tag, 3 ciphertext) changed. */
function tampered(sealed: string, field: number, at = 0): string {
  const parts = sealed.slice(SEALED_ENDPOINT_PREFIX.length).split('.');
  const bytes = Buffer.from(parts[field]!, 'base64url');
  bytes[at] = bytes[at]! ^ 0x01;
  parts[field] = bytes.toString('base64url');
  return SEALED_ENDPOINT_PREFIX + parts.join('.');
}

describe('deterministic endpoint sealing', () => {
  it('round-trips, and the sealed form carries no part of the URL', () => {
    const sealed = sealWithKeys(keys, SLACK);
    expect(isSealedEndpoint(sealed)).toBe(true);
    expect(sealed.startsWith(SEALED_ENDPOINT_PREFIX)).toBe(true);
    expect(openWithKeys(keys, sealed)).toBe(SLACK);
    for (const piece of ['hooks.slack.com', 'T0001', 'B0002', 'UVWX', 'services']) expect(sealed).not.toContain(piece);
    const unicode = 'https://example.com/hook/ünïcødé?x=1&y=2';
    expect(openWithKeys(keys, sealWithKeys(keys, unicode))).toBe(unicode);
  });

  it('seals equal URLs to equal strings and different URLs (even one character apart) to different ones', () => {
    expect(sealWithKeys(keys, SLACK)).toBe(sealWithKeys(keys, SLACK));
    const other = `${SLACK.slice(0, -1)}Y`;
    const a = sealWithKeys(keys, SLACK).split('.');
    const b = sealWithKeys(keys, other).split('.');
    // Same key id; a different synthetic IV, tag and ciphertext.
    expect(a[2]).toBe(b[2]);
    for (const i of [3, 4, 5]) expect(a[i]).not.toBe(b[i]);
    // Another installation's key seals the same URL differently.
    expect(sealWithKeys(endpointSealKeys(randomBytes(32)), SLACK)).not.toBe(sealWithKeys(keys, SLACK));
  });

  it('refuses a value with any one byte changed: in the IV, the tag or the ciphertext', () => {
    const sealed = sealWithKeys(keys, SLACK);
    for (const field of [1, 2, 3]) {
      for (const at of [0, 5]) {
        const e = refusal(() => openWithKeys(keys, tampered(sealed, field, at)));
        expect(e.fault).toBe('altered');
        expect(e.message).toMatch(/altered or damaged/);
      }
    }
    // A character changed in the spare bits of the last base64url character: no byte differs, still refused.
    // 70 bytes: the last base64url character carries 2 bits and 4 spare ones.
    const odd = sealWithKeys(keys, `${SLACK}x`);
    const body = odd.split('.').at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sameBytes = [...alphabet].map((c) => body.slice(0, -1) + c).filter((b) => b !== body && Buffer.from(b, 'base64url').equals(Buffer.from(body, 'base64url')));
    expect(sameBytes.length).toBeGreaterThan(0);
    for (const b of sameBytes) expect(refusal(() => openWithKeys(keys, odd.slice(0, -body.length) + b)).fault).toBe('altered');
    // Truncated, extended, or a field missing.
    expect(refusal(() => openWithKeys(keys, sealed.slice(0, -2))).fault).toBe('altered');
    expect(refusal(() => openWithKeys(keys, `${sealed}AA`)).fault).toBe('altered');
    expect(refusal(() => openWithKeys(keys, sealed.split('.').slice(0, -1).join('.'))).fault).toBe('altered');
  });

  it('refuses a value sealed under another key with a sentence that says so', () => {
    const foreign = sealWithKeys(endpointSealKeys(randomBytes(32)), SLACK);
    const e = refusal(() => openWithKeys(keys, foreign));
    expect(e.fault).toBe('other-key');
    expect(e.message).toBe('The endpoint was sealed under another key than this database’s channel-secrets key, so it cannot be opened.');
    // The key id alone opens nothing: another key's value relabelled with this key's id fails the tag.
    const relabelled = foreign.split('.');
    relabelled[2] = keys.id;
    expect(refusal(() => openWithKeys(keys, relabelled.join('.'))).fault).toBe('altered');
  });

  it('refuses a value whose IV is not the one its URL derives, even when the tag is right', () => {
    // A valid GCM sealing under the right key but a random nonce: not a value sealWithKeys makes.
    const sealed = sealWithKeys(keys, SLACK).split('.');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', keys.encryption, iv);
    cipher.setAAD(Buffer.from('beacon sealed-endpoint v1'));
    const body = Buffer.concat([cipher.update(SLACK, 'utf8'), cipher.final()]);
    const odd = [sealed[0], sealed[1], sealed[2], iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    expect(refusal(() => openWithKeys(keys, odd)).fault).toBe('altered');
  });

  it('uses keys of its own: the secret-box key cannot open a sealed endpoint, nor the reverse', () => {
    const t = tempDatabase();
    try {
      const sealed = sealEndpoint(t.db, SLACK, NOW);
      const boxed = seal(t.db, SLACK, NOW);
      expect(unseal(t.db, sealed, NOW)).toBeNull();
      expect(refusal(() => endpointOpener(t.db)(boxed)).fault).toBe('not-a-url');
    } finally {
      t.dispose();
    }
  });
});

describe('stored endpoints in a database', () => {
  let t: TempDatabase;
  beforeEach(() => {
    t = tempDatabase();
  });
  afterEach(() => t.dispose());

  it('opens what sealEndpoint stored, and passes a plain http(s) URL through (a row of an older process)', () => {
    const sealed = sealEndpoint(t.db, SLACK, NOW);
    expect(sealEndpoint(t.db, SLACK, NOW + 1)).toBe(sealed);
    expect(endpointOpener(t.db)(sealed)).toBe(SLACK);
    expect(endpointOpener(t.db)(SLACK)).toBe(SLACK);
    expect(endpointOpener(t.db)('http://127.0.0.1:9/hook')).toBe('http://127.0.0.1:9/hook');
  });

  it('refuses what is neither sealed nor a URL, and a sealed value in a database without the key', () => {
    expect(refusal(() => endpointOpener(t.db)('sealed-endpoinT.v1.x.y.z.w')).fault).toBe('not-a-url');
    expect(refusal(() => endpointOpener(t.db)('javascript:alert(1)')).fault).toBe('not-a-url');
    const other = tempDatabase();
    try {
      const e = refusal(() => endpointOpener(other.db)(sealEndpoint(t.db, SLACK, NOW)));
      expect(e.fault).toBe('no-key');
      expect(e.message).toMatch(/no channel-secrets key/);
      sealEndpoint(other.db, 'https://example.com/x', NOW);
      expect(refusal(() => endpointOpener(other.db)(sealEndpoint(t.db, SLACK, NOW))).fault).toBe('other-key');
    } finally {
      other.dispose();
    }
  });

  it('opens many rows with one read of the key; the lenient opener gives null for a refused value', () => {
    const open = endpointOpener(t.db);
    const urls = Array.from({ length: 20 }, (_v, i) => `https://hooks.example.com/${i}`);
    expect(urls.map((u) => open(sealEndpoint(t.db, u, NOW)))).toEqual(urls);
    const lenient = endpointOpenerOrNull(t.db);
    expect(lenient(null)).toBeNull();
    expect(lenient(tampered(sealEndpoint(t.db, SLACK, NOW), 3))).toBeNull();
    expect(lenient(sealEndpoint(t.db, SLACK, NOW))).toBe(SLACK);
  });
});

describe('maskedEndpoint', () => {
  it('shows the host and the last 4 characters, never the path', () => {
    expect(maskedEndpoint(SLACK)).toBe('hooks.slack.com/…UVWX');
    expect(maskedEndpoint('https://discord.com/api/webhooks/123456789/secret-token-value')).toBe('discord.com/…alue');
    expect(maskedEndpoint('http://127.0.0.1:8080/slack/T000/B000')).toBe('127.0.0.1:8080/…B000');
    expect(maskedEndpoint(SLACK)).not.toContain('T0001');
  });

  it('shows the host only when the rest is too short to hide, and nothing for what is not a URL', () => {
    expect(maskedEndpoint('https://example.com/abc')).toBe('example.com/…');
    expect(maskedEndpoint('not a url')).toBe('…');
    expect(maskedEndpoint(null)).toBeNull();
  });
});
