import { describe, expect, it } from 'vitest';
import { ResponseCache, type CachedResponse } from '../../../src/server/cache/response-cache.js';

const entry = (bytes: number, version = 1): CachedResponse => ({
  status: 200,
  headers: {},
  bodies: { identity: Buffer.alloc(bytes), br: Buffer.alloc(0), gzip: Buffer.alloc(0) },
  etags: { identity: '"a"', br: '"a-br"', gzip: '"a-gz"' },
  ready: { identity: {}, br: {}, gzip: {} },
  version,
  minute: 0,
});

describe('ResponseCache', () => {
  it('keeps entries and counts their bytes (bodies plus a fixed overhead)', () => {
    const c = new ResponseCache(10_000);
    c.set('/a', entry(1000));
    c.set('/b', entry(2000));
    expect(c.get('/a')?.bodies.identity.length).toBe(1000);
    expect(c.size).toBe(2);
    expect(c.totalBytes).toBe(1000 + 2000 + 2 * 512);
  });

  it('evicts the least recently used entries to stay within its bound', () => {
    const c = new ResponseCache(3 * 1512);
    c.set('/a', entry(1000));
    c.set('/b', entry(1000));
    c.set('/c', entry(1000));
    c.hit('/a', 1, 0); // /b is now the oldest
    c.set('/d', entry(1000));
    expect(c.get('/b')).toBeUndefined();
    expect([c.get('/a'), c.get('/c'), c.get('/d')].every(Boolean)).toBe(true);
    expect(c.totalBytes).toBeLessThanOrEqual(3 * 1512);
  });

  it('replaces an entry without counting it twice, and refuses one larger than the whole bound', () => {
    const c = new ResponseCache(5000);
    c.set('/a', entry(1000, 1));
    c.set('/a', entry(1000, 2));
    expect(c.totalBytes).toBe(1512);
    expect(c.get('/a')?.version).toBe(2);
    c.set('/huge', entry(10_000));
    expect(c.get('/huge')).toBeUndefined();
    expect(c.get('/a')).toBeDefined();
  });

  it('a flood of distinct keys never grows past the bound', () => {
    const c = new ResponseCache(50_000);
    for (let i = 0; i < 10_000; i++) c.set(`/?q=${i}`, entry(100));
    expect(c.totalBytes).toBeLessThanOrEqual(50_000);
    expect(c.get('/?q=9999')).toBeDefined();
    c.clear();
    expect([c.size, c.totalBytes]).toEqual([0, 0]);
  });

  it('hits only an entry of this version and minute, and only a hit counts as use', () => {
    const c = new ResponseCache(3 * 1512);
    c.set('/a', entry(1000, 1));
    c.set('/b', entry(1000, 1));
    c.set('/c', entry(1000, 1));
    expect(c.hit('/a', 2, 0)).toBeUndefined();
    expect(c.hit('/a', 1, 1)).toBeUndefined();
    // A stale look at /a did not save it: it is still the first to go.
    c.set('/d', entry(1000, 1));
    expect(c.get('/a')).toBeUndefined();
    expect(c.hit('/b', 1, 0)?.version).toBe(1);
  });

  it('never evicts the entry it is storing, even when every other entry was just used', () => {
    const c = new ResponseCache(3 * 1512);
    for (const k of ['/a', '/b', '/c']) c.set(k, entry(1000));
    for (const k of ['/a', '/b', '/c']) c.hit(k, 1, 0);
    c.set('/d', entry(1000));
    expect(c.get('/d')).toBeDefined();
    expect(c.size).toBe(3);
    expect(c.totalBytes).toBe(3 * 1512);
  });
});
