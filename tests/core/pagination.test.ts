import { describe, expect, it } from 'vitest';
import { clampPage, pageCount, parsePageParam } from '../../src/core/pagination.js';

describe('parsePageParam: accepted', () => {
  it.each<[string | null, number]>([
    [null, 1],
    ['', 1],
    ['1', 1],
    ['2', 2],
    ['10', 10],
    ['99999', 99_999],
    ['100000', 100_000],
  ])('%j → page %d', (raw, page) => {
    expect(parsePageParam(raw)).toEqual({ ok: true, page });
  });
});

describe('parsePageParam: rejected with a message', () => {
  it.each<[string, string]>([
    ['zero', '0'],
    ['zeros', '000'],
    ['negative', '-1'],
    ['explicit plus', '+2'],
    ['letters', 'abc'],
    ['digits then letters', '2abc'],
    ['decimal', '1.5'],
    ['trailing dot', '2.'],
    ['exponent', '1e3'],
    ['hex', '0x10'],
    ['leading space', ' 2'],
    ['trailing space', '2 '],
    ['only space', ' '],
    ['Infinity', 'Infinity'],
    ['NaN', 'NaN'],
    ['above the cap', '100001'],
    ['seven digits', '9999999'],
    ['non-ASCII digits', '٢'],
    ['full-width digit', '２'],
    ['huge number', '9'.repeat(400)],
    ['huge junk', 'x'.repeat(100_000)],
  ])('%s (%j)', (_name, raw) => {
    const r = parsePageParam(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message.trim()).not.toBe('');
      expect(r.message).toMatch(/page/);
      // The message echoes at most a short prefix of the input: bounded size.
      expect(r.message.length).toBeLessThan(200);
    }
  });
});

describe('parsePageParam messages', () => {
  it.each(['0', '100001', '9999999', '9'.repeat(400)])('a whole number out of range (%s) is told the range', (raw) => {
    const r = parsePageParam(raw);
    expect(r).toEqual({ ok: false, message: '"page" must be between 1 and 100000.' });
  });

  it('anything else is told to be a whole number, quoting a bounded prefix', () => {
    const r = parsePageParam(`abc${'x'.repeat(100)}`);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toBe(`"page" must be a whole number of 1 or more; "abc${'x'.repeat(37)}" is not.`);
  });
});

describe('pageCount', () => {
  it.each<[number, number, number]>([
    [0, 10, 1],
    [1, 10, 1],
    [9, 10, 1],
    [10, 10, 1],
    [11, 10, 2],
    [20, 10, 2],
    [21, 10, 3],
    [100, 25, 4],
    [101, 25, 5],
    [1, 1, 1],
    [7, 1, 7],
  ])('pageCount(%d, %d) = %d', (total, perPage, pages) => {
    expect(pageCount(total, perPage)).toBe(pages);
  });
});

describe('clampPage', () => {
  it.each<[number, number, number]>([
    [-3, 5, 1],
    [0, 5, 1],
    [1, 5, 1],
    [3, 5, 3],
    [5, 5, 5],
    [6, 5, 5],
    [100_000, 5, 5],
    [1, 1, 1],
    [2, 1, 1],
  ])('clampPage(%d, %d) = %d', (page, pages, expected) => {
    expect(clampPage(page, pages)).toBe(expected);
  });

  it('clamps a parsed stale page into the real range', () => {
    const parsed = parsePageParam('7');
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(clampPage(parsed.page, pageCount(23, 10))).toBe(3);
  });
});
