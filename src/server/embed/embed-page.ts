import type { Indicator, PageStatus } from '../../core/indicator.js';
import { escapeHtml } from '../../core/escape-html.js';

/** What the iframe-able /embed page shows: one line, the page's status, linking to the page. */
export interface EmbedPageView {
  readonly pageName: string;
  readonly status: PageStatus;
  /** Absolute address of the status page; the link leaves the frame, so it opens in a new tab. */
  readonly pageUrl: string;
}

/** The dot's colour per indicator, light and dark, matching the status page's palette. */
const DOT_COLOURS: Readonly<Record<Indicator, readonly [light: string, dark: string]>> = {
  none: ['#1f9254', '#3fb872'],
  minor: ['#b8860b', '#e0b431'],
  major: ['#e06c00', '#f08a2c'],
  critical: ['#d12f2f', '#f0605d'],
  maintenance: ['#2f6fde', '#5c93f0'],
};

/**
 * A self-contained HTML document: no script, no external resource, so it renders the same in any
 * frame and a strict CSP can be sent with it.
 */
export function renderEmbedPage(view: EmbedPageView): string {
  const [light, dark] = DOT_COLOURS[view.status.indicator];
  const name = escapeHtml(view.pageName);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${name} status</title>
<style>
:root{--bg:#fff;--text:#1d2330;--muted:#5d6677;--dot:${light}}
@media (prefers-color-scheme:dark){:root{--bg:#1b1f27;--text:#e6e9ef;--muted:#9aa3b2;--dot:${dark}}}
h1{margin:0;font:inherit}
html,body{margin:0;overflow:hidden;background:var(--bg);color:var(--text);font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{display:flex;align-items:center;gap:8px;padding:8px 12px;color:inherit;text-decoration:none;white-space:nowrap;overflow:hidden}
a:hover .d,a:focus-visible .d{text-decoration:underline}
.dot{flex:none;width:10px;height:10px;border-radius:50%;background:var(--dot)}
.d{font-weight:600;overflow:hidden;text-overflow:ellipsis}
.n{color:var(--muted);overflow:hidden;text-overflow:ellipsis}
</style>
</head>
<body>
<main><h1>
<a href="${escapeHtml(view.pageUrl)}" target="_blank" rel="noopener" data-indicator="${view.status.indicator}"><span class="dot" aria-hidden="true"></span><span class="d">${escapeHtml(view.status.description)}</span><span class="n">${name}</span></a>
</h1></main>
</body>
</html>
`;
}
