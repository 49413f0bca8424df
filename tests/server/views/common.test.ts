import { describe, expect, it } from 'vitest';
import type { PageSettings } from '../../../src/server/settings.js';
import { layoutView } from '../../../src/server/views/common.js';

const settings = (over: Partial<PageSettings>): PageSettings =>
  ({ publicId: 'p', name: 'Acme', url: null, timeZone: 'UTC', description: null, supportUrl: null, brandColor: null, logoUrl: null, updatedAt: 0, ...over }) as PageSettings;

describe('layoutView', () => {
  it('passes web and mail addresses through as links and images', () => {
    const v = layoutView(settings({ supportUrl: 'mailto:help@acme.example', logoUrl: 'https://cdn.acme.example/logo.svg' }));
    expect([v.supportUrl, v.logoUrl]).toEqual(['mailto:help@acme.example', 'https://cdn.acme.example/logo.svg']);
    expect(layoutView(settings({ logoUrl: '/logo.svg' })).logoUrl).toBe('/logo.svg');
  });

  it.each(['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,<script>alert(1)</script>', '//evil.example/x.svg', 'vbscript:x', 'not a url'])(
    'never turns %j into a link or an image, whatever reached the database',
    (value) => {
      const v = layoutView(settings({ supportUrl: value, logoUrl: value }));
      expect([v.supportUrl, v.logoUrl]).toEqual([null, null]);
    },
  );

  it('keeps only hex brand colours, darkened where links in them would not be readable', () => {
    expect(layoutView(settings({ brandColor: '#2c5cc5' })).brandColor).toBe('#2c5cc5');
    // Teal #12ab9f is 2.8:1 on white: the same hue, darker.
    expect(layoutView(settings({ brandColor: '#12ab9f' })).brandColor).toMatch(/^#[0-9a-f]{6}$/);
    expect(layoutView(settings({ brandColor: '#12ab9f' })).brandColor).not.toBe('#12ab9f');
    expect(layoutView(settings({ brandColor: 'red;background:url(x)' })).brandColor).toBeNull();
  });
});
