/**
 * Finds markup in an HTML string that would run script, load a document or navigate if a browser
 * (or a mail client, or a feed reader) rendered it. Text that was escaped (`&lt;script&gt;`) is not
 * markup and is not reported: only real tags count.
 */

/** Elements that run or embed code, or redirect the document; never legitimate in sanitised content. */
const DANGEROUS_ELEMENTS = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'svg', 'math', 'form', 'link', 'style', 'noscript']);

/** Attributes holding a URL a browser follows or loads. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'background', 'poster', 'lowsrc', 'dynsrc', 'srcset']);

// Lenient on purpose, like a browser: a malformed tag (`<img src=x onerror=f()//">`) is still a tag.
const START_TAG = /<([a-zA-Z][\w:-]*)([^>]*)>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", colon: ':', tab: '\t', newline: '\n', sol: '/', lpar: '(', rpar: ')' };

/** Character references decoded the way a browser decodes an attribute value (enough for schemes). */
export function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

/** The scheme a browser would see: controls and whitespace inside a URL are ignored by its parser. */
function schemeOf(url: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = decodeEntities(url).replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
  return /^([a-z][a-z0-9+.-]*):/.exec(cleaned)?.[1] ?? '';
}

export interface LiveMarkupOptions {
  /** Elements the surrounding document legitimately has (an email's <meta charset>, a page's <link rel=stylesheet>). */
  readonly allowElements?: readonly string[];
}

/** Every live construct found, described; empty when the HTML is inert. */
export function liveMarkup(html: string, options: LiveMarkupOptions = {}): string[] {
  const allowed = new Set(options.allowElements ?? []);
  const problems: string[] = [];
  // Comments are not skipped: a payload may end one early, and over-reporting is the safe side.
  for (const tag of html.matchAll(START_TAG)) {
    const name = tag[1]!.toLowerCase();
    if (DANGEROUS_ELEMENTS.has(name) && !allowed.has(name)) problems.push(`<${name}> element: ${tag[0].slice(0, 120)}`);
    for (const attr of tag[2]!.matchAll(ATTRIBUTE)) {
      const attrName = attr[1]!.toLowerCase();
      const value = attr[2] ?? attr[3] ?? attr[4] ?? '';
      if (attrName.startsWith('on')) problems.push(`${attrName}= handler on <${name}>: ${tag[0].slice(0, 120)}`);
      if (URL_ATTRIBUTES.has(attrName) && ['javascript', 'vbscript', 'data'].includes(schemeOf(value))) {
        problems.push(`${schemeOf(value)}: URL in ${attrName}= on <${name}>: ${tag[0].slice(0, 120)}`);
      }
      if (attrName === 'srcdoc') problems.push(`srcdoc= on <${name}>`);
      if (attrName === 'http-equiv' && decodeEntities(value).toLowerCase() === 'refresh') problems.push(`meta refresh: ${tag[0].slice(0, 120)}`);
      if (attrName === 'style' && /expression\s*\(|javascript:|url\s*\(/i.test(decodeEntities(value))) problems.push(`script or url() in style= on <${name}>`);
    }
  }
  return problems;
}
