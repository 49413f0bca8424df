import { describe, expect, it } from 'vitest';
import { changedFields } from '../../src/server/audit-diff.js';

describe('changedFields', () => {
  it('lists only the fields among the keys whose values differ, with both values', () => {
    const before = { name: 'A', slug: 'a', description: null as string | null, position: 1 };
    const after = { name: 'B', slug: 'a', description: 'new', position: 2 };
    expect(changedFields(before, after, ['name', 'slug', 'description'])).toEqual({
      name: { from: 'A', to: 'B' },
      description: { from: null, to: 'new' },
    });
  });

  it('compares objects by content', () => {
    expect(changedFields({ c: { SEV1: 30 } }, { c: { SEV1: 30 } }, ['c'])).toEqual({});
    expect(changedFields({ c: { SEV1: 30 } }, { c: { SEV1: 15 } }, ['c'])).toEqual({ c: { from: { SEV1: 30 }, to: { SEV1: 15 } } });
  });

  it('is empty when nothing changed', () => {
    expect(changedFields({ a: 1, b: false }, { a: 1, b: false }, ['a', 'b'])).toEqual({});
  });
});
