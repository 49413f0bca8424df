import { describe, expect, it } from 'vitest';
import { AA_TEXT, contrastRatio, readableOnLight } from '../../src/core/contrast.js';

const LIGHT = ['#f6f7f9', '#ffffff'] as const;

describe('contrast', () => {
  it('computes WCAG ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#fff', '#ffffff')).toBe(1);
    // The minor-outage banner the issue measured: white on dark goldenrod.
    expect(contrastRatio('#ffffff', '#b8860b')).toBeCloseTo(3.25, 2);
  });

  it('keeps a readable brand colour as it is', () => {
    expect(readableOnLight('#2c5cc5', LIGHT)).toBe('#2c5cc5');
  });

  it('darkens a pale brand colour, in its own hue, until text reaches AA on every light background', () => {
    for (const pale of ['#ffd700', '#7aa2ff', '#fff', '#3fb872']) {
      const out = readableOnLight(pale, LIGHT);
      expect(out).not.toBe(pale);
      for (const bg of LIGHT) expect(contrastRatio(out, bg)).toBeGreaterThanOrEqual(AA_TEXT);
    }
    const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(readableOnLight('#ffd700', LIGHT).slice(i, i + 2), 16));
    expect(r).toBeGreaterThan(g!);
    expect(b).toBe(0);
  });
});
