import type { ComponentStatus } from '../src/core/component-status.js';

/** The status page's own default brand colour (src/styles/global.css, light scheme). */
export const DEFAULT_BRAND_COLOUR = '#2c5cc5';

/** Body text colour; also the text on a brand colour too light for white. */
export const TEXT_COLOUR = '#1d2330';
export const MUTED_COLOUR = '#5d6677';
export const BORDER_COLOUR = '#dde1e7';
export const BACKGROUND_COLOUR = '#f6f7f9';
export const SURFACE_COLOUR = '#ffffff';

/** The page's status colours (light scheme); mail always shows the light scheme. */
export const STATUS_COLOURS: Readonly<Record<ComponentStatus, string>> = {
  operational: '#1f9254',
  degraded_performance: '#b8860b',
  partial_outage: '#e06c00',
  major_outage: '#d12f2f',
  under_maintenance: '#2f6fde',
};

/**
 * The brand colour as `#rrggbb` (lower case) when it is a plain hex colour, else the default.
 * `#rgb` is expanded because the page settings accept it too. The value lands inside style
 * attributes, so nothing but these seven characters may pass.
 */
export function brandColour(input: string | null | undefined): string {
  if (typeof input !== 'string') return DEFAULT_BRAND_COLOUR;
  if (/^#[0-9a-f]{6}$/i.test(input)) return input.toLowerCase();
  if (/^#[0-9a-f]{3}$/i.test(input)) {
    const [r, g, b] = input.slice(1).toLowerCase();
    return `#${r}${r}${g}${g}${b}${b}`;
  }
  return DEFAULT_BRAND_COLOUR;
}

/** WCAG relative luminance of a `#rrggbb` colour, 0 (black) … 1 (white). */
function luminance(hex: string): number {
  const channel = (i: number): number => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** WCAG AA for body text. */
const MIN_TEXT_CONTRAST = 4.5;

/** The brand colour for a link on `background` when it is readable there, else the body text colour. */
export function linkColourOn(background: string, brand: string): string {
  return contrast(background, brand) >= MIN_TEXT_CONTRAST ? brand : TEXT_COLOUR;
}

/** White or the body text colour, whichever contrasts more with `background` (a `#rrggbb` colour). */
export function textColourOn(background: string): string {
  return contrast(background, '#ffffff') >= contrast(background, TEXT_COLOUR) ? '#ffffff' : TEXT_COLOUR;
}
