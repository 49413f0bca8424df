import { describe, expect, it } from 'vitest';
import { oneLine, truncate } from '../../../src/core/channels/truncate.js';

describe('truncate', () => {
  it('leaves text within the limit alone', () => {
    expect(truncate('short enough', 12)).toBe('short enough');
  });

  it('cuts on a word boundary and ends with an ellipsis', () => {
    expect(truncate('The quick brown fox jumps over the lazy dog', 20)).toBe('The quick brown fox…');
  });

  it('cuts mid-word when the only space is far back', () => {
    const cut = truncate('a'.repeat(5) + ' ' + 'b'.repeat(100), 50);
    expect(cut).toHaveLength(50);
    expect(cut.endsWith('b…')).toBe(true);
  });

  it('never splits an emoji (a surrogate pair) in two', () => {
    const text = `${'x'.repeat(8)}😀😀😀`;
    const cut = truncate(text, 10);
    expect(cut.length).toBeLessThanOrEqual(10);
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a limit of %d', (max) => {
    expect(() => truncate('text', max)).toThrow(RangeError);
  });

  it('oneLine folds newlines and runs of spaces', () => {
    expect(oneLine('  a\n\n b\t c ')).toBe('a b c');
  });
});
