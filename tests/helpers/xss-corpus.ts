/**
 * Stored-XSS payloads for every text a person (or a tampered database) can put on a page.
 * Each one, if it ever runs, calls the marker `__xss('<id>')` (or opens a dialog with `alert`),
 * or makes the browser request a path starting with MARKER_PATH_PREFIX, so a test can tell which got through.
 * Every payload names its own id, so ids also keep the template names derived from them unique.
 */
export interface XssPayload {
  /** Short, unique, `[a-z0-9-]`. */
  readonly id: string;
  readonly text: string;
  /** What it tries, for the failure message. */
  readonly attack: string;
}

/** The function a payload calls when it runs: tests expose it to the page. */
export const MARKER_FUNCTION = '__xss';

/** Requests to paths starting with this were made by a payload (base href, meta refresh, CSS url()). */
export const MARKER_PATH_PREFIX = '/__xss-';

const base64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

export const XSS_PAYLOADS: readonly XssPayload[] = [
  { id: 'script-tag', attack: 'plain script element', text: `<script>__xss('script-tag')</script>` },
  { id: 'script-src', attack: 'script element with a data: source', text: `<script src="data:text/javascript,__xss('script-src')"></script>` },
  { id: 'img-onerror', attack: 'image error handler', text: `<img src=x onerror="__xss('img-onerror')">` },
  { id: 'svg-onload', attack: 'SVG load handler, no spaces', text: `<svg/onload=__xss('svg-onload')>` },
  { id: 'details-toggle', attack: 'open details fires ontoggle by itself; dialog marker', text: `<details open ontoggle="alert('details-toggle')"><summary>more</summary></details>` },
  { id: 'autofocus', attack: 'autofocus fires onfocus by itself', text: `<input autofocus onfocus="__xss('autofocus')">` },
  { id: 'attr-dq', attack: 'double-quoted attribute breakout', text: `" autofocus onfocus="__xss('attr-dq')" onmouseover="__xss('attr-dq')" x="` },
  { id: 'attr-sq', attack: 'single-quoted attribute breakout', text: "' autofocus onfocus='__xss(`attr-sq`)' onmouseover='__xss(`attr-sq`)' x='" },
  { id: 'attr-unquoted', attack: 'unquoted attribute breakout', text: 'x autofocus onfocus=__xss(`attr-unquoted`) onmouseover=__xss(`attr-unquoted`) y' },
  { id: 'textarea', attack: 'leave a textarea (form prefill)', text: `</textarea><script>__xss('textarea')</script><img src=x onerror=__xss('textarea')>` },
  { id: 'title', attack: 'leave the document title', text: `</title><script>__xss('title')</script><img src=x onerror=__xss('title')>` },
  { id: 'raw-text', attack: 'leave a style or script element', text: `</style></script><svg onload=__xss('raw-text')>` },
  { id: 'md-js-link', attack: 'Markdown link to javascript:', text: `[Status details](javascript:__xss('md-js-link'))` },
  {
    id: 'md-js-obfuscated',
    attack: 'javascript: links in mixed case, with a tab entity and a numeric entity',
    text: `[a](JaVaScRiPt:__xss('md-js-obfuscated')) [b](java&#x09;script:__xss('md-js-obfuscated')) [c](&#106;avascript:__xss('md-js-obfuscated'))`,
  },
  {
    id: 'md-data',
    attack: 'Markdown image and link with data: URLs',
    text: `![diagram](data:image/svg+xml;base64,${base64(`<svg xmlns="http://www.w3.org/2000/svg" onload="__xss('md-data')"/>`)}) [report](data:text/html;base64,${base64(`<script>__xss('md-data')</script>`)})`,
  },
  { id: 'md-autolink', attack: 'Markdown autolink with javascript:', text: `<javascript:__xss('md-autolink')> and <vbscript:__xss('md-autolink')>` },
  { id: 'md-reference', attack: 'Markdown reference link to javascript:', text: `See [the details][d].\n\n[d]: javascript:__xss('md-reference') "details"` },
  {
    id: 'md-title',
    attack: 'Markdown link title breaking out of its attribute',
    text: `[hover](https://example.com/ "a&quot; onmouseover=&quot;__xss('md-title')&quot; b") [hover2](https://example.com/ 'x" onmouseover="__xss(\`md-title\`)')`,
  },
  { id: 'md-html-block', attack: 'raw HTML block inside Markdown', text: `<div onmouseover="__xss('md-html-block')" style="position:fixed;inset:0">\n\n**bold**\n\n</div>` },
  {
    id: 'template',
    attack: 'template-literal and {{ }} syntaxes',
    text: "${__xss('template')} {{__xss('template')}} {{constructor.constructor(\"__xss('template')\")()}} <%= __xss('template') %> #{__xss('template')} {{components}}",
  },
  {
    id: 'css',
    attack: 'CSS expression(), javascript: and remote url(), @import',
    text: `<div style="background-image:url(javascript:__xss('css'));width:expression(__xss('css'))">css</div><style>@import url("/__xss-css-import.css");body{background:url("/__xss-css-bg.png")}</style><link rel="stylesheet" href="/__xss-css-link.css">`,
  },
  {
    id: 'unicode',
    attack: 'RTL override, zero-width space, full-width brackets, line separators',
    text: `\u202E<img src=x onerror=__xss('unicode')>\u202D <scr\u200Bipt>__xss('unicode')</scr\u200Bipt> \uFF1Cscript\uFF1E__xss('unicode')\uFF1C/script\uFF1E \u2028\u2029 tail`,
  },
  {
    id: 'entities',
    attack: 'entity- and percent-encoded markup (double decoding would make it live)',
    text: `&lt;script&gt;__xss('entities')&lt;/script&gt; &#60;img src=x onerror=__xss('entities')&#62; %3Cscript%3E__xss('entities')%3C/script%3E \\u003cscript\\u003e`,
  },
  { id: 'comment', attack: 'HTML comment confusion', text: `<!--<img src="--><img src=x onerror=__xss('comment')//"> <!-- --!><img src=x onerror=__xss('comment')>` },
  { id: 'srcdoc', attack: 'iframe srcdoc document', text: `<iframe srcdoc="<script>__xss('srcdoc')</script><img src=x onerror=__xss('srcdoc')>"></iframe>` },
  { id: 'base-href', attack: 'base element redirecting relative URLs', text: `<base href="/__xss-base/">` },
  { id: 'meta-refresh', attack: 'meta refresh navigation', text: `<meta http-equiv="refresh" content="0;url=/__xss-meta-refresh">` },
  {
    id: 'plugin-form',
    attack: 'object, embed and form with javascript: targets',
    text: `<object data="javascript:__xss('plugin-form')"></object><embed src="javascript:__xss('plugin-form')"><form action="javascript:__xss('plugin-form')"><button>go</button></form>`,
  },
  {
    id: 'svg-animate',
    attack: 'SVG animation begin handler and xlink:href',
    text: `<svg><a xlink:href="javascript:__xss('svg-animate')"><text y="20">x</text></a><animate onbegin="__xss('svg-animate')" attributeName="x" dur="1s"/></svg>`,
  },
  {
    id: 'mxss',
    attack: 'mutation XSS through noscript and MathML namespace confusion',
    text: `<noscript><p title="</noscript><img src=x onerror=__xss('mxss')>"></noscript><math><mtext><table><mglyph><style><img src=x onerror=__xss('mxss')>`,
  },
  { id: 'cdata', attack: 'leave a CDATA section (feeds), twice', text: `]]>]]><script>__xss('cdata')</script><![CDATA[` },
  { id: 'json', attack: 'leave a JSON string or script block', text: `"});__xss('json');//</script><script>__xss('json')</script>\u2028` },
];

/** A payload by id (throws on a typo, so fixtures cannot silently drop one). */
export function payload(id: string): XssPayload {
  const found = XSS_PAYLOADS.find((p) => p.id === id);
  if (!found) throw new Error(`no XSS payload "${id}"`);
  return found;
}

/** Every payload in one Markdown document, each in its own paragraph. */
export const ALL_PAYLOADS_MARKDOWN = XSS_PAYLOADS.map((p) => p.text).join('\n\n');

/** Whitespace collapsed, for comparing stored text with what a page shows. */
export const collapsed = (s: string): string => s.replace(/\s+/g, ' ').trim();
