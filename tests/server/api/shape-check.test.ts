import { describe, expect, it } from 'vitest';
import { shapeProblems } from '../../helpers/shape.js';

// The shape check guards the API contract: it must itself be able to fail.
describe('shapeProblems (test helper)', () => {
  const sample = {
    page: { id: 'x', updated_at: '2026-01-01T00:00:00.000Z' },
    items: [
      { id: 'a', group: true, children: ['b'], note: null, at: null },
      { id: 'b', group: false, note: 'text', at: null },
    ],
  };

  it('accepts a conforming value, extra keys and empty arrays included', () => {
    expect(shapeProblems(sample, { page: { id: 'p', updated_at: 't', extra: 1 }, items: [] })).toEqual([]);
    expect(
      shapeProblems(sample, {
        page: { id: 'p', updated_at: 't' },
        items: [
          { id: 'c', group: true, children: ['d'], note: null, at: '2026-01-01T00:00:00.000Z' },
          { id: 'd', group: false, note: 'n', at: null },
        ],
      }),
    ).toEqual([]);
  });

  it('reports a missing key with its path', () => {
    expect(shapeProblems(sample, { page: { id: 'p' }, items: [] })).toEqual(['$.page.updated_at: missing']);
  });

  it('reports a wrong type, including inside array elements', () => {
    expect(shapeProblems(sample, { page: { id: 1, updated_at: 't' }, items: [{ id: 'c', group: 'yes', note: null, at: null }] })).toEqual([
      '$.page.id: expected string, got number',
      '$.items[0].group: expected boolean, got string',
    ]);
  });

  it('treats keys only some sample elements have as optional but typed', () => {
    expect(shapeProblems(sample, { page: { id: 'p', updated_at: 't' }, items: [{ id: 'c', group: false, note: null, at: null }] })).toEqual([]);
    expect(
      shapeProblems(sample, { page: { id: 'p', updated_at: 't' }, items: [{ id: 'c', group: true, children: 'b', note: null, at: null }] }),
    ).toEqual(['$.items[0].children: expected array, got string']);
  });

  it('lets a null-only sample key be null or a string, nothing else', () => {
    expect(shapeProblems(sample, { page: { id: 'p', updated_at: 't' }, items: [{ id: 'c', group: false, note: null, at: 5 }] })).toEqual([
      '$.items[0].at: expected null | string, got number',
    ]);
  });

  it('rejects a wrong top-level type and an object where an array belongs', () => {
    expect(shapeProblems(sample, [])).toEqual(['$: expected object, got array']);
    expect(shapeProblems(sample, { page: { id: 'p', updated_at: 't' }, items: {} })).toEqual(['$.items: expected array, got object']);
  });
});
