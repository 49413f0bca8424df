import { describe, expect, it } from 'vitest';
import { brandColour, DEFAULT_BRAND_COLOUR, linkColourOn, TEXT_COLOUR, textColourOn } from '../../emails/colours.js';

describe('brandColour', () => {
  it.each<[string, string]>([
    ['#0b6e4f', '#0b6e4f'],
    ['#0B6E4F', '#0b6e4f'],
    ['#abc', '#aabbcc'],
  ])('accepts %s as %s', (input, expected) => {
    expect(brandColour(input)).toBe(expected);
  });

  it.each<[string, string | null | undefined]>([
    ['null', null],
    ['undefined', undefined],
    ['empty', ''],
    ['a name', 'red'],
    ['no hash', '0b6e4f'],
    ['five digits', '#0b6e4'],
    ['eight digits (alpha)', '#0b6e4fff'],
    ['not hex', '#0g6e4f'],
    ['a CSS injection', '#0b6e4f;background:url(https://evil.test/x)'],
    ['an attribute break', '#0b6e4f"><script>'],
    ['surrounding space', ' #0b6e4f'],
    ['rgb()', 'rgb(0, 0, 0)'],
  ])('falls back to the default for %s', (_name, input) => {
    expect(brandColour(input)).toBe(DEFAULT_BRAND_COLOUR);
  });
});

describe('textColourOn', () => {
  it('puts white on dark colours', () => {
    expect(textColourOn('#2c5cc5')).toBe('#ffffff');
    expect(textColourOn('#000000')).toBe('#ffffff');
  });

  it('puts the dark text colour on light ones, where white would be unreadable', () => {
    expect(textColourOn('#ffff00')).toBe(TEXT_COLOUR);
    expect(textColourOn('#ffffff')).toBe(TEXT_COLOUR);
  });
});

describe('linkColourOn', () => {
  it('uses the brand colour when it is readable on the background', () => {
    expect(linkColourOn('#ffffff', '#2c5cc5')).toBe('#2c5cc5');
  });

  it('falls back to the text colour for a brand colour too light to read', () => {
    expect(linkColourOn('#ffffff', '#ffd700')).toBe(TEXT_COLOUR);
  });
});
