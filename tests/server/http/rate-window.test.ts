import { describe, expect, it } from 'vitest';
import { createRateWindow } from '../../../src/server/http/rate-window.js';

const T = Date.UTC(2026, 10, 22, 14, 5);

describe('createRateWindow', () => {
  it('allows `limit` attempts within the window and refuses the next', () => {
    const window = createRateWindow(3, 1_000);
    expect([0, 1, 2, 3, 4].map((i) => window.take('1.2.3.4', T + i))).toEqual([true, true, true, false, false]);
  });

  it('slides: an attempt leaves the count exactly windowMs after it was made', () => {
    const window = createRateWindow(2, 1_000);
    expect(window.take('k', T)).toBe(true);
    expect(window.take('k', T + 500)).toBe(true);
    expect(window.take('k', T + 999)).toBe(false);
    // The attempt at T no longer counts; the one at T + 500 still does.
    expect(window.take('k', T + 1_000)).toBe(true);
    expect(window.take('k', T + 1_001)).toBe(false);
    expect(window.take('k', T + 1_499)).toBe(false);
    expect(window.take('k', T + 1_500)).toBe(true);
  });

  it('does not count refused attempts: hammering does not extend the wait', () => {
    const window = createRateWindow(1, 1_000);
    expect(window.take('k', T)).toBe(true);
    for (let i = 1; i < 1_000; i += 100) expect(window.take('k', T + i)).toBe(false);
    expect(window.take('k', T + 1_000)).toBe(true);
  });

  it('counts each key on its own', () => {
    const window = createRateWindow(1, 60_000);
    expect(window.take('a', T)).toBe(true);
    expect(window.take('a', T + 1)).toBe(false);
    expect(window.take('b', T + 2)).toBe(true);
    expect(window.take('c', T + 3)).toBe(true);
    expect(window.take('b', T + 4)).toBe(false);
  });

  it('keeps separate windows apart: one instance never sees another\'s counts', () => {
    const first = createRateWindow(1, 60_000);
    const second = createRateWindow(1, 60_000);
    expect(first.take('k', T)).toBe(true);
    expect(second.take('k', T)).toBe(true);
    expect(first.take('k', T + 1)).toBe(false);
  });

  it('holds at most maxKeys keys, forgetting the least recently counted first', () => {
    const window = createRateWindow(2, 60_000, 3);
    window.take('a', T);
    window.take('b', T + 1);
    window.take('c', T + 2);
    // Counting 'a' again makes 'b' the oldest.
    expect(window.take('a', T + 3)).toBe(true);
    expect(window.take('d', T + 4)).toBe(true);
    // 'b' was forgotten: it starts afresh with two attempts.
    expect(window.take('b', T + 5)).toBe(true);
    expect(window.take('b', T + 6)).toBe(true);
    expect(window.take('b', T + 7)).toBe(false);
    // 'a' was counted recently, so it survived at its limit; 'c' was the one forgotten.
    expect(window.take('a', T + 8)).toBe(false);
    expect(window.take('c', T + 9)).toBe(true);
  });

  it('stays within maxKeys under a flood of distinct keys (observed through eviction)', () => {
    const window = createRateWindow(1, 60_000, 100);
    expect(window.take('first', T)).toBe(true);
    expect(window.take('first', T)).toBe(false);
    for (let i = 0; i < 100; i++) window.take(`flood-${i}`, T + 1);
    // 100 newer keys pushed 'first' out: a bounded map cannot remember everyone.
    expect(window.take('first', T + 2)).toBe(true);
    // The newest flood keys are still remembered.
    expect(window.take('flood-99', T + 3)).toBe(false);
  });
});
