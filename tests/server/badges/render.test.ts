import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { BADGE_STYLES, type BadgeModel } from '../../../src/server/badges/badge-model.js';
import { renderBadgeJson, renderBadgeSvg, shieldsEndpoint } from '../../../src/server/badges/render.js';

const BADGE: BadgeModel = { label: 'status', message: 'partial system outage', color: '#e06c00' };

/** Every piece of text the SVG draws, in document order. */
function texts(svg: string): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'text' || key === 'title') {
        for (const v of Array.isArray(value) ? value : [value]) out.push(typeof v === 'object' ? String(v['#text']) : String(v));
      } else walk(value);
    }
  };
  walk(new XMLParser({ ignoreAttributes: false }).parse(svg));
  return out;
}

describe('renderBadgeSvg', () => {
  it.each(BADGE_STYLES)('%s: well-formed SVG with the label, message and colour', (style) => {
    const svg = renderBadgeSvg(BADGE, style);
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const drawn = texts(svg).join(' | ').toLowerCase();
    expect(drawn).toContain('status');
    expect(drawn).toContain('partial system outage');
    expect(svg).toContain('fill="#e06c00"');
    // Screen readers get "label: message" (upper-cased by for-the-badge).
    expect(svg.toLowerCase()).toContain('aria-label="status: partial system outage"');
  });

  it('draws each style differently', () => {
    const bodies = new Set(BADGE_STYLES.map((style) => renderBadgeSvg(BADGE, style)));
    expect(bodies.size).toBe(BADGE_STYLES.length);
    // for-the-badge is the upper-case style.
    expect(texts(renderBadgeSvg(BADGE, 'for-the-badge'))).toContain('PARTIAL SYSTEM OUTAGE');
  });

  it('escapes markup in a label instead of drawing it', () => {
    const svg = renderBadgeSvg({ ...BADGE, label: '<script>alert(1)</script> & "q"' }, 'flat');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp;');
  });

  it('an empty label draws the message alone', () => {
    const svg = renderBadgeSvg({ ...BADGE, label: '' }, 'flat');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('aria-label="partial system outage"');
  });
});

describe('shields.io endpoint JSON', () => {
  it('has exactly the schema fields shields.io reads', () => {
    expect(JSON.parse(renderBadgeJson(BADGE))).toEqual({
      schemaVersion: 1,
      label: 'status',
      message: 'partial system outage',
      color: '#e06c00',
    });
  });

  it('carries a style only when one was chosen, and marks errors', () => {
    expect(shieldsEndpoint(BADGE, { style: 'for-the-badge' })).toMatchObject({ style: 'for-the-badge' });
    expect(shieldsEndpoint(BADGE, { isError: true })).toMatchObject({ isError: true });
    expect(shieldsEndpoint(BADGE, { isError: false })).not.toHaveProperty('isError');
  });
});
