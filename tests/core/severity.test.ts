import { describe, expect, it } from 'vitest';
import { SEVERITIES, SEVERITY_INFO, isSeverity, type Severity } from '../../src/core/severity.js';

describe('SEVERITIES', () => {
  it('is SEV1…SEV4, most severe first (as the source documents)', () => {
    expect(SEVERITIES).toEqual(['SEV1', 'SEV2', 'SEV3', 'SEV4']);
  });

  it('has info for exactly the members', () => {
    expect(Object.keys(SEVERITY_INFO).sort()).toEqual([...SEVERITIES].sort());
  });

  it.each(SEVERITIES)('%s has a non-empty label, definition and examples', (sev) => {
    const info = SEVERITY_INFO[sev];
    expect(info.label.trim()).not.toBe('');
    expect(info.label.startsWith(sev)).toBe(true);
    expect(info.definition.trim()).not.toBe('');
    expect(info.examples.trim()).not.toBe('');
  });

  it('labels are distinct', () => {
    expect(new Set(SEVERITIES.map((s) => SEVERITY_INFO[s].label)).size).toBe(SEVERITIES.length);
  });
});

describe('default update cadence (DESIGN.md: SEV1 30 min, SEV2 30 min, SEV3 2 h, SEV4 none)', () => {
  it.each<[Severity, number | null]>([
    ['SEV1', 30],
    ['SEV2', 30],
    ['SEV3', 120],
    ['SEV4', null],
  ])('%s → %s minutes', (sev, minutes) => {
    expect(SEVERITY_INFO[sev].defaultCadenceMinutes).toBe(minutes);
  });

  it('never asks for less frequent updates on a more severe incident', () => {
    const asNumber = (m: number | null): number => (m === null ? Number.POSITIVE_INFINITY : m);
    for (let i = 1; i < SEVERITIES.length; i++) {
      const moreSevere = asNumber(SEVERITY_INFO[SEVERITIES[i - 1]!].defaultCadenceMinutes);
      const lessSevere = asNumber(SEVERITY_INFO[SEVERITIES[i]!].defaultCadenceMinutes);
      expect(moreSevere).toBeLessThanOrEqual(lessSevere);
    }
  });
});

describe('isSeverity', () => {
  it.each(SEVERITIES)('accepts %s', (sev) => {
    expect(isSeverity(sev)).toBe(true);
  });

  it.each([
    ['lower case', 'sev1'],
    ['SEV0', 'SEV0'],
    ['SEV5', 'SEV5'],
    ['with space', 'SEV 1'],
    ['trailing space', 'SEV1 '],
    ['the label', 'SEV1 · Critical'],
    ['bare digit', '1'],
    ['empty', ''],
    ['number', 1],
    ['null', null],
    ['undefined', undefined],
    ['array', ['SEV1']],
    ['object', { SEV1: true }],
  ])('rejects %s', (_name, value) => {
    expect(isSeverity(value)).toBe(false);
  });
});
