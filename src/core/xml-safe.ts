/**
 * Characters XML 1.0 forbids (C0 controls other than tab, newline and carriage return; lone
 * surrogates; U+FFFE/U+FFFF). One of them in a title makes a strict parser reject the whole feed or
 * badge, so every reader fails until the entry ages out: they are dropped from text bound for XML.
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '');
}

/** Control characters (C0 and DEL) a person never means to type into a one-line field. */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
