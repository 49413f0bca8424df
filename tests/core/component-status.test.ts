import { describe, expect, it } from 'vitest';
import {
  COMPONENT_STATUSES,
  COMPONENT_STATUS_LABELS,
  compareStatusSeverity,
  isComponentStatus,
  worstStatus,
  type ComponentStatus,
} from '../../src/core/component-status.js';

// The display order a reader cares about, least to most alarming (DESIGN.md: a group shows
// its worst child; an outage is worse news than planned maintenance).
const DISPLAY_ORDER: readonly ComponentStatus[] = [
  'operational',
  'under_maintenance',
  'degraded_performance',
  'partial_outage',
  'major_outage',
];

describe('COMPONENT_STATUSES', () => {
  it('lists the five statuses in the order DESIGN.md gives them (green, yellow, orange, red, blue)', () => {
    expect(COMPONENT_STATUSES).toEqual([
      'operational',
      'degraded_performance',
      'partial_outage',
      'major_outage',
      'under_maintenance',
    ]);
  });

  it.each(COMPONENT_STATUSES)('%s has a non-empty label', (status) => {
    expect(typeof COMPONENT_STATUS_LABELS[status]).toBe('string');
    expect(COMPONENT_STATUS_LABELS[status].trim()).not.toBe('');
  });

  it('has a label for exactly the members, no extras, all distinct', () => {
    expect(Object.keys(COMPONENT_STATUS_LABELS).sort()).toEqual([...COMPONENT_STATUSES].sort());
    expect(new Set(Object.values(COMPONENT_STATUS_LABELS)).size).toBe(COMPONENT_STATUSES.length);
  });
});

describe('isComponentStatus', () => {
  it.each(COMPONENT_STATUSES)('accepts %s', (status) => {
    expect(isComponentStatus(status)).toBe(true);
  });

  it.each([
    ['empty string', ''],
    ['upper case', 'OPERATIONAL'],
    ['capitalised', 'Operational'],
    ['leading space', ' operational'],
    ['trailing space', 'operational '],
    ['label instead of value', 'Major outage'],
    ['hyphenated', 'major-outage'],
    ['statuspage "maintenance" impact', 'maintenance'],
    ['incident status', 'investigating'],
    ['prototype key', 'toString'],
    ['constructor key', 'constructor'],
    ['null', null],
    ['undefined', undefined],
    ['number', 0],
    ['boolean', true],
    ['object', {}],
    ['array holding a member', ['operational']],
    ['String object', new String('operational')],
  ])('rejects %s', (_name, value) => {
    expect(isComponentStatus(value)).toBe(false);
  });
});

describe('worstStatus', () => {
  it('is operational for an empty list', () => {
    expect(worstStatus([])).toBe('operational');
  });

  it.each(COMPONENT_STATUSES)('is the status itself for a single %s', (status) => {
    expect(worstStatus([status])).toBe(status);
  });

  it.each<[ComponentStatus[], ComponentStatus]>([
    [['operational', 'operational'], 'operational'],
    [['operational', 'under_maintenance'], 'under_maintenance'],
    [['under_maintenance', 'operational'], 'under_maintenance'],
    [['under_maintenance', 'degraded_performance'], 'degraded_performance'],
    [['degraded_performance', 'under_maintenance'], 'degraded_performance'],
    [['degraded_performance', 'partial_outage'], 'partial_outage'],
    [['partial_outage', 'degraded_performance'], 'partial_outage'],
    [['partial_outage', 'major_outage'], 'major_outage'],
    [['major_outage', 'partial_outage'], 'major_outage'],
    [['major_outage', 'under_maintenance'], 'major_outage'],
    [['under_maintenance', 'major_outage'], 'major_outage'],
    [['under_maintenance', 'partial_outage', 'operational'], 'partial_outage'],
    [['operational', 'degraded_performance', 'under_maintenance', 'operational'], 'degraded_performance'],
    [['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'], 'major_outage'],
    [['under_maintenance', 'major_outage', 'partial_outage', 'degraded_performance', 'operational'], 'major_outage'],
  ])('worstStatus(%j) = %s', (statuses, expected) => {
    expect(worstStatus(statuses)).toBe(expected);
  });

  // Every unordered pair: the worse one (by DISPLAY_ORDER) wins, regardless of position.
  const pairs = DISPLAY_ORDER.flatMap((a, i) => DISPLAY_ORDER.map((b, j) => [a, b, i >= j ? a : b] as const));
  it.each(pairs)('worstStatus([%s, %s]) = %s', (a, b, expected) => {
    expect(worstStatus([a, b])).toBe(expected);
  });

  it('does not mutate its input', () => {
    const input: ComponentStatus[] = ['major_outage', 'operational'];
    worstStatus(input);
    expect(input).toEqual(['major_outage', 'operational']);
  });
});

describe('compareStatusSeverity', () => {
  const pairs = DISPLAY_ORDER.flatMap((a, i) => DISPLAY_ORDER.map((b, j) => [a, b, Math.sign(i - j)] as const));
  it.each(pairs)('compare(%s, %s) has sign %d', (a, b, sign) => {
    expect(Math.sign(compareStatusSeverity(a, b))).toBe(sign);
  });

  it('sorts statuses into display order, least alarming first', () => {
    const shuffled: ComponentStatus[] = ['major_outage', 'operational', 'partial_outage', 'under_maintenance', 'degraded_performance'];
    expect([...shuffled].sort(compareStatusSeverity)).toEqual(DISPLAY_ORDER);
  });
});
