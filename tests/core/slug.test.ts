import { describe, expect, it } from 'vitest';
import { isSlug, slugify, SLUG_MAX } from '../../src/core/slug.js';

describe('slugify', () => {
  it.each([
    ['API', 'api'],
    ['Payments & Billing', 'payments-billing'],
    ['  Search (EU)  ', 'search-eu'],
    ['Zürich Datacenter', 'zurich-datacenter'],
    ['Crème brûlée v2', 'creme-brulee-v2'],
    ['---a---b---', 'a-b'],
    ['日本', ''],
    ['!!!', ''],
  ])('%j → %j', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it('cuts long names to the slug limit without a trailing hyphen', () => {
    const slug = slugify(`${'a'.repeat(SLUG_MAX - 1)} bcd`);
    expect(slug).toBe('a'.repeat(SLUG_MAX - 1));
    expect(isSlug(slugify('word '.repeat(40)))).toBe(true);
  });
});

describe('isSlug', () => {
  it.each(['api', 'eu-west-1', '0', 'a'.repeat(SLUG_MAX)])('accepts %j', (s) => {
    expect(isSlug(s)).toBe(true);
  });

  it.each(['', 'API', 'a b', '-api', 'api-', 'a--b', 'a_b', 'badge.svg', 'ü', 'a'.repeat(SLUG_MAX + 1), 'a/b'])('refuses %j', (s) => {
    expect(isSlug(s)).toBe(false);
  });
});
