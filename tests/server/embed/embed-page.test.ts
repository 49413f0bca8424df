import { describe, expect, it } from 'vitest';
import { INDICATORS } from '../../../src/core/indicator.js';
import { renderEmbedPage } from '../../../src/server/embed/embed-page.js';

const VIEW = {
  pageName: 'Acme',
  status: { indicator: 'minor', description: 'Minor Service Outage' },
  pageUrl: 'https://status.example.com/',
} as const;

describe('renderEmbedPage', () => {
  it('is one line: a dot, the description and the page name, linking out in a new tab', () => {
    const html = renderEmbedPage(VIEW);
    expect(html).toContain(
      '<a href="https://status.example.com/" target="_blank" rel="noopener" data-indicator="minor"><span class="dot" aria-hidden="true"></span><span class="d">Minor Service Outage</span><span class="n">Acme</span></a>',
    );
  });

  it('is a landmark with a heading: the line is the main content and its heading', () => {
    const html = renderEmbedPage(VIEW);
    expect(html).toMatch(/<body>\s*<main><h1>\s*<a href="https:\/\/status\.example\.com\/"[\s\S]*?<\/a>\s*<\/h1><\/main>\s*<\/body>/);
  });

  it('needs no script and loads nothing from elsewhere', () => {
    const html = renderEmbedPage(VIEW);
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(/i);
  });

  it('has light and dark colours, the dot following the indicator', () => {
    const html = renderEmbedPage(VIEW);
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).toContain('--dot:#b8860b');
    expect(html).toMatch(/@media \(prefers-color-scheme:dark\)\{:root\{[^}]*--dot:#e0b431/);
  });

  it.each(INDICATORS)('draws indicator %s with its own dot colour', (indicator) => {
    const others = INDICATORS.filter((i) => i !== indicator).map((i) => renderEmbedPage({ ...VIEW, status: { indicator: i, description: 'x' } }));
    const mine = renderEmbedPage({ ...VIEW, status: { indicator, description: 'x' } });
    const dot = /--dot:(#[0-9a-f]+)\}/.exec(mine)![1]!;
    for (const other of others) expect(other).not.toContain(`--dot:${dot}}`);
  });

  it('escapes the page name and the URL', () => {
    const html = renderEmbedPage({ ...VIEW, pageName: '<img src=x onerror=alert(1)> & "Co"', pageUrl: 'https://x.test/?a="b"&c=<d>' });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Co&quot;');
    expect(html).toContain('href="https://x.test/?a=&quot;b&quot;&amp;c=&lt;d&gt;"');
  });
});
