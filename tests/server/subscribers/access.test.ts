import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { subscribers } from '../../../db/schema.js';
import { installationSecret } from '../../../src/server/secrets.js';
import { linkKey, subscriberForLink } from '../../../src/server/subscribers/access.js';
import { linkToken } from '../../../src/server/subscribers/links.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component } from '../../helpers/fixtures.js';
import { subscriber } from '../../helpers/subscribers.js';

const NOW = Date.UTC(2026, 10, 22, 14, 5);

let t: TempDatabase;
let ana: string;
let key: Uint8Array;

beforeEach(() => {
  t = tempDatabase();
  ana = subscriber(t.db, 'ana@example.com', 'active', NOW, { linkGeneration: 2 });
  key = linkKey(t.db, NOW);
});
afterEach(() => t.dispose());

describe('linkKey', () => {
  it('is the installation secret named subscriber-links, stable across calls', () => {
    expect(Buffer.from(linkKey(t.db, NOW + 1)).equals(Buffer.from(key))).toBe(true);
    expect(Buffer.from(installationSecret(t.db, 'subscriber-links', NOW)).equals(Buffer.from(key))).toBe(true);
  });
});

describe('subscriberForLink', () => {
  it('finds the holder of a valid link', () => {
    expect(subscriberForLink(t.db, 'manage', linkToken(key, 'manage', ana, 2), NOW)).toEqual({ id: ana, email: 'ana@example.com', state: 'active', allComponents: true });
    expect(subscriberForLink(t.db, 'unsubscribe', linkToken(key, 'unsubscribe', ana, 2), NOW)?.id).toBe(ana);
  });

  it('reports allComponents false for someone who chose components', () => {
    const api = component(t.db, 'api', 'API', NOW);
    const ben = subscriber(t.db, 'ben@example.com', 'active', NOW, { componentIds: [api] });
    expect(subscriberForLink(t.db, 'manage', linkToken(key, 'manage', ben, 0), NOW)).toMatchObject({ id: ben, allComponents: false });
  });

  it('returns the holder whatever its state: callers decide what an unsubscribed holder may do', () => {
    t.db.update(subscribers).set({ state: 'unsubscribed' }).where(eq(subscribers.id, ana)).run();
    expect(subscriberForLink(t.db, 'manage', linkToken(key, 'manage', ana, 2), NOW)).toMatchObject({ id: ana, state: 'unsubscribed' });
  });

  it('refuses a link for the other purpose', () => {
    expect(subscriberForLink(t.db, 'unsubscribe', linkToken(key, 'manage', ana, 2), NOW)).toBeNull();
    expect(subscriberForLink(t.db, 'manage', linkToken(key, 'unsubscribe', ana, 2), NOW)).toBeNull();
  });

  it('refuses links from before the generation was bumped', () => {
    const old = linkToken(key, 'manage', ana, 2);
    t.db.update(subscribers).set({ linkGeneration: 3 }).where(eq(subscribers.id, ana)).run();
    expect(subscriberForLink(t.db, 'manage', old, NOW)).toBeNull();
    expect(subscriberForLink(t.db, 'manage', linkToken(key, 'manage', ana, 3), NOW)?.id).toBe(ana);
  });

  it('refuses links signed with another key', () => {
    const forged = linkToken(new Uint8Array(32), 'manage', ana, 2);
    expect(subscriberForLink(t.db, 'manage', forged, NOW)).toBeNull();
  });

  it('refuses a well-formed link for an address that does not exist (any more)', () => {
    const gone = linkToken(key, 'manage', 'zzzzzzzzzzzz', 0);
    expect(subscriberForLink(t.db, 'manage', gone, NOW)).toBeNull();
    const token = linkToken(key, 'manage', ana, 2);
    t.db.delete(subscribers).where(eq(subscribers.id, ana)).run();
    expect(subscriberForLink(t.db, 'manage', token, NOW)).toBeNull();
  });

  it('refuses malformed tokens', () => {
    for (const token of ['', ana, `${ana}.`, 'not-a-token', `${ana}.${'a'.repeat(31)}`, linkToken(key, 'manage', ana, 2).toUpperCase()]) {
      expect(subscriberForLink(t.db, 'manage', token, NOW)).toBeNull();
    }
  });

  it('keeps one subscriber\'s link from opening another\'s', () => {
    const ben = subscriber(t.db, 'ben@example.com', 'active', NOW, { linkGeneration: 2 });
    const anas = linkToken(key, 'manage', ana, 2);
    const swapped = `${ben}.${anas.split('.')[1]}`;
    expect(subscriberForLink(t.db, 'manage', swapped, NOW)).toBeNull();
  });
});
