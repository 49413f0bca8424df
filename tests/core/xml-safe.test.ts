import { describe, expect, it } from 'vitest';
import { CONTROL_CHARACTERS, xmlSafe } from '../../src/core/xml-safe.js';

describe('xmlSafe', () => {
  it('drops what XML 1.0 forbids and keeps everything else', () => {
    expect(xmlSafe('Jobs\u0001 delayed\u0008')).toBe('Jobs delayed');
    expect(xmlSafe('a\u0000b\uFFFEc\uFFFFd')).toBe('abcd');
    expect(xmlSafe('lone \uD800 surrogate')).toBe('lone  surrogate');
    expect(xmlSafe('tab\tnew\nline\r ok — 😀 ü')).toBe('tab\tnew\nline\r ok — 😀 ü');
  });
});

describe('CONTROL_CHARACTERS', () => {
  it('matches C0 controls and DEL, not text', () => {
    expect(['\u0000x', 'a\u001fb', 'x\u007f', '\nx'].every((s) => CONTROL_CHARACTERS.test(s))).toBe(true);
    expect(CONTROL_CHARACTERS.test('https://example.com/ü')).toBe(false);
  });
});
