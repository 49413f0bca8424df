import { describe, expect, it } from 'vitest';
import { eventSubject, pageSubject, SUBJECT_MAX_LENGTH, subjectLine } from '../../emails/subject.js';

describe('subjectLine', () => {
  it.each<[string, string, string]>([
    ['CR LF', 'Outage\r\nBcc: victim@example.com', 'Outage Bcc: victim@example.com'],
    ['bare LF', 'a\nb', 'a b'],
    ['bare CR', 'a\rb', 'a b'],
    ['tab and NUL', 'a\t\u0000b', 'a b'],
    ['DEL and C1 (NEL)', 'a\u007f\u0085b', 'a b'],
    ['Unicode line and paragraph separators', 'a\u2028b\u2029c', 'a b c'],
    ['runs of spaces', '  a    b  ', 'a b'],
  ])('%s: one line', (_name, raw, expected) => {
    const line = subjectLine(raw);
    expect(line).toBe(expected);
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
  });

  it('keeps a subject at the limit as it is', () => {
    const text = 'x'.repeat(SUBJECT_MAX_LENGTH);
    expect(subjectLine(text)).toBe(text);
  });

  it('cuts a longer one to the limit, ending in an ellipsis', () => {
    const line = subjectLine('word '.repeat(100));
    expect(line).toBe(`${'word '.repeat(27)}word…`);
    expect(Array.from(line)).toHaveLength(SUBJECT_MAX_LENGTH);
  });

  it('drops a space left before the ellipsis by the cut', () => {
    expect(subjectLine(`${'x'.repeat(SUBJECT_MAX_LENGTH - 2)} ${'y'.repeat(10)}`)).toBe(`${'x'.repeat(SUBJECT_MAX_LENGTH - 2)}…`);
  });

  it('never cuts inside a surrogate pair', () => {
    const line = subjectLine('🔥'.repeat(SUBJECT_MAX_LENGTH + 10));
    expect(Array.from(line)).toEqual([...Array<string>(SUBJECT_MAX_LENGTH - 1).fill('🔥'), '…']);
    expect(line).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

describe('pageSubject and eventSubject', () => {
  it('prefixes the page name in brackets', () => {
    expect(pageSubject('Acme Status', 'Confirm your subscription')).toBe('[Acme Status] Confirm your subscription');
  });

  it('keeps the prefix on one line when the page name or title carry line breaks', () => {
    expect(eventSubject('Acme\r\nStatus', 'API\ndown\r\n')).toBe('[Acme Status] API down');
  });

  it('caps the whole subject, page name included', () => {
    expect(Array.from(eventSubject('Acme', 'y'.repeat(500)))).toHaveLength(SUBJECT_MAX_LENGTH);
  });
});
