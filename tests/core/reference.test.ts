import { describe, expect, it } from 'vitest';
import {
  REFERENCE_PREFIXES,
  formatReference,
  nextReference,
  parseReference,
  type Reference,
  type ReferencePrefix,
} from '../../src/core/reference.js';

describe('REFERENCE_PREFIXES', () => {
  it('is INC and MNT', () => expect(REFERENCE_PREFIXES).toEqual(['INC', 'MNT']));
});

describe('formatReference', () => {
  it.each<[ReferencePrefix, string, number, string]>([
    ['INC', '2026-05-13', 1, 'INC-20260513-001'],
    ['INC', '2026-05-13', 9, 'INC-20260513-009'],
    ['INC', '2026-05-13', 10, 'INC-20260513-010'],
    ['INC', '2026-05-13', 42, 'INC-20260513-042'],
    ['INC', '2026-05-13', 999, 'INC-20260513-999'],
    ['INC', '2026-05-13', 1000, 'INC-20260513-1000'],
    ['INC', '2026-05-13', 12345, 'INC-20260513-12345'],
    ['MNT', '2026-01-02', 3, 'MNT-20260102-003'],
    ['INC', '2024-02-29', 1, 'INC-20240229-001'],
  ])('(%s, %s, %d) → %s', (prefix, day, seq, expected) => {
    expect(formatReference(prefix, day, seq)).toBe(expected);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects sequence %d', (seq) => {
    expect(() => formatReference('INC', '2026-05-13', seq)).toThrow(RangeError);
  });
});

describe('parseReference', () => {
  it.each<[string, Reference]>([
    ['INC-20260513-001', { prefix: 'INC', day: '2026-05-13', seq: 1 }],
    ['MNT-20260513-042', { prefix: 'MNT', day: '2026-05-13', seq: 42 }],
    ['inc-20260513-001', { prefix: 'INC', day: '2026-05-13', seq: 1 }],
    ['Mnt-20261231-999', { prefix: 'MNT', day: '2026-12-31', seq: 999 }],
    ['  INC-20260513-007  ', { prefix: 'INC', day: '2026-05-13', seq: 7 }],
    ['\tINC-20260513-007\n', { prefix: 'INC', day: '2026-05-13', seq: 7 }],
    ['INC-20260513-1000', { prefix: 'INC', day: '2026-05-13', seq: 1000 }],
    ['INC-20260513-0005', { prefix: 'INC', day: '2026-05-13', seq: 5 }],
    ['INC-20240229-001', { prefix: 'INC', day: '2024-02-29', seq: 1 }],
  ])('%j → %o', (value, expected) => {
    expect(parseReference(value)).toEqual(expected);
  });

  it.each([
    ['empty', ''],
    ['seq 000', 'INC-20260513-000'],
    ['seq 0000', 'INC-20260513-0000'],
    ['seq with two digits', 'INC-20260513-01'],
    ['seq with one digit', 'INC-20260513-1'],
    ['Feb 30', 'INC-20260230-001'],
    ['Feb 29 in a common year', 'INC-20260229-001'],
    ['month 13', 'INC-20261301-001'],
    ['month 00', 'INC-20260001-001'],
    ['day 00', 'INC-20260500-001'],
    ['Apr 31', 'INC-20260431-001'],
    ['short date', 'INC-2026051-001'],
    ['dashed date', 'INC-2026-05-13-001'],
    ['unknown prefix', 'ABC-20260513-001'],
    ['no separators', 'INC20260513001'],
    ['trailing junk', 'INC-20260513-001x'],
    ['leading junk', 'xINC-20260513-001'],
    ['inner space', 'INC -20260513-001'],
    ['negative seq', 'INC-20260513--01'],
  ])('%s (%j) → null', (_name, value) => {
    expect(parseReference(value)).toBeNull();
  });

  it.each<[ReferencePrefix, string, number]>([
    ['INC', '2026-05-13', 1],
    ['MNT', '2026-12-31', 999],
    ['INC', '2028-02-29', 1001],
  ])('round-trips formatReference(%s, %s, %d)', (prefix, day, seq) => {
    expect(parseReference(formatReference(prefix, day, seq))).toEqual({ prefix, day, seq });
  });
});

describe('nextReference', () => {
  it.each<[string, ReferencePrefix, string, string[], string]>([
    ['first of the day', 'INC', '2026-05-13', [], 'INC-20260513-001'],
    ['after one', 'INC', '2026-05-13', ['INC-20260513-001'], 'INC-20260513-002'],
    ['after two', 'INC', '2026-05-13', ['INC-20260513-001', 'INC-20260513-002'], 'INC-20260513-003'],
    ['unordered input', 'INC', '2026-05-13', ['INC-20260513-003', 'INC-20260513-001', 'INC-20260513-002'], 'INC-20260513-004'],
    ['gap: never reuses a number, continues after the highest', 'INC', '2026-05-13', ['INC-20260513-001', 'INC-20260513-005'], 'INC-20260513-006'],
    ['gap at the start', 'INC', '2026-05-13', ['INC-20260513-004'], 'INC-20260513-005'],
    ['ignores other days', 'INC', '2026-05-13', ['INC-20260512-007', 'INC-20260514-003'], 'INC-20260513-001'],
    ['ignores other days, counts this one', 'INC', '2026-05-13', ['INC-20260512-009', 'INC-20260513-002'], 'INC-20260513-003'],
    ['ignores other prefixes', 'INC', '2026-05-13', ['MNT-20260513-004'], 'INC-20260513-001'],
    ['MNT ignores INC', 'MNT', '2026-05-13', ['INC-20260513-004', 'MNT-20260513-001'], 'MNT-20260513-002'],
    ['ignores junk', 'INC', '2026-05-13', ['garbage', '', 'INC-20260513-000', 'INC-20260230-005'], 'INC-20260513-001'],
    ['reads lowercase and padded refs', 'INC', '2026-05-13', [' inc-20260513-003 '], 'INC-20260513-004'],
    ['past 999', 'INC', '2026-05-13', ['INC-20260513-999'], 'INC-20260513-1000'],
    ['past 1000', 'INC', '2026-05-13', ['INC-20260513-999', 'INC-20260513-1000'], 'INC-20260513-1001'],
    ['numeric (not lexical) max', 'INC', '2026-05-13', ['INC-20260513-1000', 'INC-20260513-999'], 'INC-20260513-1001'],
  ])('%s', (_name, prefix, day, taken, expected) => {
    expect(nextReference(prefix, day, taken, 0)).toBe(expected);
  });

  it.each<[string, string[], number, string]>([
    ['issued before, none left (deleted)', [], 2, 'INC-20260513-003'],
    ['issued beyond what is left', ['INC-20260513-001'], 3, 'INC-20260513-004'],
    ['taken beyond what was recorded', ['INC-20260513-005'], 3, 'INC-20260513-006'],
    ['nonsense count ignored', [], -4, 'INC-20260513-001'],
  ])('after sequences issued: %s', (_name, taken, lastIssued, expected) => {
    expect(nextReference('INC', '2026-05-13', taken, lastIssued)).toBe(expected);
  });

  it('the next reference is never one already taken', () => {
    const taken: string[] = [];
    for (let i = 0; i < 1005; i++) {
      const next = nextReference('INC', '2026-05-13', taken, 0);
      expect(taken).not.toContain(next);
      taken.push(next);
    }
    expect(taken[0]).toBe('INC-20260513-001');
    expect(taken[1004]).toBe('INC-20260513-1005');
  });
});
