/**
 * WCAG 2.x contrast arithmetic for the page's one configurable colour (the brand colour, used for
 * links and buttons). Colours are `#rgb` or `#rrggbb`.
 */

/** WCAG 2.2 AA for body text. */
export const AA_TEXT = 4.5;

function channels(hex: string): [number, number, number] {
  const h = hex.slice(1);
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  const n = Number.parseInt(full, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHex([r, g, b]: readonly number[]): string {
  return `#${[r, g, b].map((c) => Math.round(c!).toString(16).padStart(2, '0')).join('')}`;
}

/** Relative luminance, 0 (black) to 1 (white). */
export function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio of two colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The brand colour as links and white button labels can use it on the light backgrounds: the
 * colour itself when it reaches `AA_TEXT` against every one of `backgrounds`, otherwise the same
 * hue darkened (mixed with black, 5 % at a time) until it does. Black always does, so this ends.
 */
export function readableOnLight(hex: string, backgrounds: readonly string[]): string {
  const base = channels(hex);
  for (let k = 0; k <= 20; k++) {
    const candidate = toHex(base.map((c) => c * (1 - k / 20)));
    if (backgrounds.every((bg) => contrastRatio(candidate, bg) >= AA_TEXT)) return candidate;
  }
  return '#000000';
}
