/**
 * Cut text to a platform's limit. Limits are counted in UTF-16 code units (String.length), which
 * is never fewer than the code points the platforms count, so a cut text always fits; a
 * surrogate pair is never split. The cut falls on a word boundary when one is near, and ends
 * with an ellipsis so a reader sees that more was there.
 */
const ELLIPSIS = '…';
/** How far back (as a share of the limit) we look for a space before cutting mid-word. */
const WORD_BOUNDARY_REACH = 0.2;

export function truncate(text: string, max: number): string {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`limit must be a positive integer, got ${max}`);
  if (text.length <= max) return text;
  let cut = max - ELLIPSIS.length;
  // Never leave half a surrogate pair (an emoji cut in two shows as a replacement character).
  if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
  const head = text.slice(0, cut);
  const space = head.search(/\s\S*$/);
  const word = space >= 0 && space >= cut * (1 - WORD_BOUNDARY_REACH) ? head.slice(0, space) : head;
  return `${word.trimEnd()}${ELLIPSIS}`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** One line: newlines and runs of whitespace become single spaces (headers, titles, previews). */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
