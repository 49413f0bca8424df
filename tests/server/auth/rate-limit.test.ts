import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../db/client.js';
import { loginFailures } from '../../../db/schema.js';
import {
  LOGIN_LIMITS,
  loginRetryAfter,
  RATE_LIMITS,
  releaseLoginAttempt,
  reserveLoginAttempt,
  reserveSubscribeAttempt,
  type Reservation,
} from '../../../src/server/auth/rate-limit.js';
import { tempDatabasePath } from '../../helpers/db.js';

const MINUTE = 60_000;
const WINDOW = 15 * MINUTE;
const T = Date.UTC(2026, 4, 13, 12, 0);

let path: string;
let cleanup: () => void;
let h: DatabaseHandle;
beforeEach(() => {
  ({ path, cleanup } = tempDatabasePath());
  h = openDatabase(path);
});
afterEach(() => {
  h.close();
  cleanup();
});

/** A failed attempt: reserved (counted) and never released. */
const fail = (email: string, ip: string, at: number): Reservation => reserveLoginAttempt(h.db, { email, ip }, at);
const wait = (email: string, ip: string, at: number): number => loginRetryAfter(h.db, { email, ip }, at);

describe('LOGIN_LIMITS', () => {
  it('allows 5 failures per email and 20 per address in 15 minutes', () => {
    expect(LOGIN_LIMITS).toEqual({ email: { attempts: 5, windowMs: WINDOW }, ip: { attempts: 20, windowMs: WINDOW } });
  });
});

describe('per email', () => {
  it('lets four failures pass and blocks after the fifth until the oldest leaves the window', () => {
    for (let i = 0; i < 4; i++) {
      fail('ana@example.com', '10.0.0.1', T + i * MINUTE);
      expect(wait('ana@example.com', '10.0.0.1', T + i * MINUTE)).toBe(0);
    }
    fail('ana@example.com', '10.0.0.1', T + 4 * MINUTE);
    // The oldest failure (T) leaves the window at T + 15 min.
    expect(wait('ana@example.com', '10.0.0.1', T + 5 * MINUTE)).toBe(10 * MINUTE);
    expect(wait('ana@example.com', '10.0.0.1', T + 4 * MINUTE)).toBe(11 * MINUTE);
    expect(wait('ana@example.com', '10.0.0.1', T + WINDOW - 1)).toBe(1);
    expect(wait('ana@example.com', '10.0.0.1', T + WINDOW + 1)).toBe(0);
  });

  it('blocks for the whole window when five failures come at once', () => {
    for (let i = 0; i < 5; i++) fail('ana@example.com', '10.0.0.1', T);
    const w = wait('ana@example.com', '10.0.0.1', T);
    expect(w).toBe(WINDOW);
    expect(w).toBeGreaterThan(14 * MINUTE);
    expect(w).toBeLessThanOrEqual(15 * MINUTE);
  });

  it('blocks the email from any address, and leaves other emails from other addresses alone', () => {
    for (let i = 0; i < 5; i++) fail('ana@example.com', '10.0.0.1', T);
    expect(wait('ana@example.com', '192.168.7.7', T)).toBeGreaterThan(0);
    expect(wait('ben@example.com', '192.168.7.7', T)).toBe(0);
    // Five failures are far below the address limit: the same address may try another account.
    expect(wait('ben@example.com', '10.0.0.1', T)).toBe(0);
  });

  it('treats emails case-insensitively', () => {
    for (let i = 0; i < 5; i++) fail(i % 2 ? 'ANA@example.com' : 'ana@Example.COM', `10.0.0.${i}`, T);
    expect(wait('ana@example.com', '10.9.9.9', T)).toBe(WINDOW);
  });

  it('does not count failures older than the window', () => {
    for (let i = 0; i < 4; i++) fail('ana@example.com', '10.0.0.1', T);
    fail('ana@example.com', '10.0.0.1', T + WINDOW + 1);
    expect(wait('ana@example.com', '10.0.0.1', T + WINDOW + 1)).toBe(0);
    // Four more inside the new window reach the limit again.
    for (let i = 0; i < 4; i++) fail('ana@example.com', '10.0.0.1', T + WINDOW + 2);
    expect(wait('ana@example.com', '10.0.0.1', T + WINDOW + 2)).toBe(WINDOW - 1);
  });

  it('is cleared by a success (releaseLoginAttempt)', () => {
    for (let i = 0; i < 5; i++) fail('ana@example.com', '10.0.0.1', T);
    expect(wait('ana@example.com', '10.0.0.1', T)).toBeGreaterThan(0);
    releaseLoginAttempt(h.db, { email: 'Ana@Example.com', ip: '10.0.0.1' }, []);
    expect(wait('ana@example.com', '10.0.0.1', T)).toBe(0);
  });

  it('refuses a reservation once limited, without counting it', () => {
    for (let i = 0; i < 5; i++) expect(fail('ana@example.com', '10.0.0.1', T).ok).toBe(true);
    const refused = fail('ana@example.com', '10.0.0.1', T + MINUTE);
    expect(refused).toEqual({ ok: false, retryAfterMs: WINDOW - MINUTE });
    expect(h.db.select().from(loginFailures).all()).toHaveLength(10);
  });

  it('a released reservation no longer counts against the address either', () => {
    const r = fail('ana@example.com', '10.0.0.1', T);
    expect(r.ok).toBe(true);
    releaseLoginAttempt(h.db, { email: 'ana@example.com', ip: '10.0.0.1' }, r.ok ? r.ids : []);
    expect(h.db.select().from(loginFailures).all()).toEqual([]);
  });
});

describe('per address', () => {
  it('blocks an address after 20 failures across different emails, for any email, but not other addresses', () => {
    for (let i = 0; i < 19; i++) fail(`user${i}@example.com`, '203.0.113.9', T + i);
    expect(wait('new@example.com', '203.0.113.9', T + 19)).toBe(0);
    fail('user19@example.com', '203.0.113.9', T + 19);
    expect(wait('new@example.com', '203.0.113.9', T + 20)).toBe(WINDOW - 20);
    expect(wait('new@example.com', '203.0.113.10', T + 20)).toBe(0);
    expect(wait('user0@example.com', '203.0.113.10', T + 20)).toBe(0);
  });

  it('is not cleared by one account’s success', () => {
    for (let i = 0; i < 20; i++) fail(`user${i}@example.com`, '203.0.113.9', T);
    releaseLoginAttempt(h.db, { email: 'user0@example.com', ip: '203.0.113.9' }, []);
    expect(wait('user0@example.com', '203.0.113.9', T)).toBe(WINDOW);
  });
});

describe('storage', () => {
  it('records one row per key and forgets rows older than the window', () => {
    fail('ana@example.com', '10.0.0.1', T);
    expect(h.db.select({ key: loginFailures.key, at: loginFailures.at }).from(loginFailures).all()).toEqual([
      { key: 'email:ana@example.com', at: T },
      { key: 'ip:10.0.0.1', at: T },
    ]);
    fail('ben@example.com', '10.0.0.2', T + WINDOW + 1);
    expect(h.db.select({ key: loginFailures.key }).from(loginFailures).all().map((r) => r.key)).toEqual([
      'email:ben@example.com',
      'ip:10.0.0.2',
    ]);
  });

  it('survives closing and reopening the database file', () => {
    for (let i = 0; i < 5; i++) fail('ana@example.com', '10.0.0.1', T);
    for (let i = 0; i < 20; i++) fail(`user${i}@example.com`, '203.0.113.9', T);
    h.close();
    h = openDatabase(path);
    expect(wait('ana@example.com', '10.0.0.5', T + MINUTE)).toBe(14 * MINUTE);
    expect(wait('zed@example.com', '203.0.113.9', T + MINUTE)).toBe(14 * MINUTE);
    expect(wait('zed@example.com', '10.0.0.5', T + MINUTE)).toBe(0);
  });
});

describe('the subscribe limit', () => {
  const SUBSCRIBE_WINDOW = 10 * MINUTE;

  it('allows 10 requests per address in 10 minutes, then refuses without counting', () => {
    expect(RATE_LIMITS.subscribe).toEqual({ attempts: 10, windowMs: SUBSCRIBE_WINDOW });
    for (let i = 0; i < 10; i++) expect(reserveSubscribeAttempt(h.db, '203.0.113.9', T + i).ok).toBe(true);
    expect(reserveSubscribeAttempt(h.db, '203.0.113.9', T + MINUTE)).toEqual({ ok: false, retryAfterMs: SUBSCRIBE_WINDOW - MINUTE });
    expect(reserveSubscribeAttempt(h.db, '203.0.113.10', T + MINUTE).ok).toBe(true);
    expect(reserveSubscribeAttempt(h.db, '203.0.113.9', T + SUBSCRIBE_WINDOW + 10).ok).toBe(true);
  });

  // Regression: the limit lived in memory, so a restart gave every address ten more.
  it('survives closing and reopening the database file', () => {
    for (let i = 0; i < 10; i++) reserveSubscribeAttempt(h.db, '203.0.113.9', T);
    h.close();
    h = openDatabase(path);
    expect(reserveSubscribeAttempt(h.db, '203.0.113.9', T + MINUTE)).toEqual({ ok: false, retryAfterMs: 9 * MINUTE });
  });

  it('is counted apart from sign-in: neither limit uses up the other', () => {
    for (let i = 0; i < 20; i++) fail(`user${i}@example.com`, '203.0.113.9', T);
    expect(reserveSubscribeAttempt(h.db, '203.0.113.9', T).ok).toBe(true);
    for (let i = 0; i < 10; i++) reserveSubscribeAttempt(h.db, '198.51.100.1', T);
    expect(wait('ana@example.com', '198.51.100.1', T)).toBe(0);
    expect(h.db.select({ key: loginFailures.key }).from(loginFailures).all().filter((r) => r.key.startsWith('subscribe:'))).toHaveLength(11);
  });

  it('prunes only rows older than the longest window, so a subscribe never clears sign-in failures', () => {
    for (let i = 0; i < 5; i++) fail('ana@example.com', '10.0.0.1', T);
    // Past the subscribe window, within the sign-in one.
    reserveSubscribeAttempt(h.db, '198.51.100.1', T + 12 * MINUTE);
    expect(wait('ana@example.com', '10.0.0.9', T + 12 * MINUTE)).toBe(3 * MINUTE);
  });
});
