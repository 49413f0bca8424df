import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/core/escape-html.js';

describe('escapeHtml', () => {
  it.each<[string, string]>([
    ['&', '&amp;'],
    ['<', '&lt;'],
    ['>', '&gt;'],
    ['"', '&quot;'],
    ["'", '&#39;'],
  ])('escapes %s', (raw, escaped) => {
    expect(escapeHtml(`a${raw}b`)).toBe(`a${escaped}b`);
  });

  it('leaves other text alone, including non-ASCII', () => {
    expect(escapeHtml('Zürich — API 100% ok ✓')).toBe('Zürich — API 100% ok ✓');
  });

  it('turns markup into text that cannot open a tag or leave an attribute', () => {
    const out = escapeHtml(`"><img src=x onerror=alert(1)><script>alert('x')</script>`);
    expect(out).toBe('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;');
    expect(out).not.toMatch(/[<>"']/);
  });

  it('escapes an existing entity again, so text shows exactly as typed', () => {
    expect(escapeHtml('&lt;b&gt;')).toBe('&amp;lt;b&amp;gt;');
  });
});
