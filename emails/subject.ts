/**
 * Longest subject we send, in characters. Clients show 40–80; mail headers fold long lines, so this
 * only guards against a pasted essay of a title, not against the 998-octet line limit.
 */
export const SUBJECT_MAX_LENGTH = 140;

/**
 * C0 and C1 controls, DEL and the Unicode line and paragraph separators: anything a mail client or
 * header parser could read as a line break (header injection) or show as garbage.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * One line of plain text fit for a Subject header: controls become spaces, runs of whitespace
 * collapse, and text past `SUBJECT_MAX_LENGTH` is cut (never inside a surrogate pair) with an ellipsis.
 */
export function subjectLine(text: string): string {
  const line = text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  const chars = Array.from(line);
  if (chars.length <= SUBJECT_MAX_LENGTH) return line;
  return `${chars.slice(0, SUBJECT_MAX_LENGTH - 1).join('').trimEnd()}…`;
}

/** "[Page name] text", each part made single-line first so the brackets always survive. */
export function pageSubject(pageName: string, text: string): string {
  return subjectLine(`[${subjectLine(pageName)}] ${subjectLine(text)}`);
}

/**
 * Every mail about one incident or maintenance carries the same subject: Gmail and others thread
 * by subject as well as by References, so putting the status in it would split the thread.
 * The status leads the preview text and the body instead.
 */
export function eventSubject(pageName: string, title: string): string {
  return pageSubject(pageName, title);
}
