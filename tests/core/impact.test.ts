import { describe, expect, it } from 'vitest';
import type { ComponentStatus } from '../../src/core/component-status.js';
import { IMPACTS, IMPACT_LABELS, deriveImpact, eventImpact, isImpact, worstImpact, type Impact } from '../../src/core/impact.js';

describe('IMPACTS', () => {
  it("is Statuspage's scale, best → worst, maintenance last", () => {
    expect(IMPACTS).toEqual(['none', 'minor', 'major', 'critical', 'maintenance']);
  });

  it.each(IMPACTS)('%s has a non-empty label', (impact) => {
    expect(IMPACT_LABELS[impact].trim()).not.toBe('');
  });

  it('labels cover exactly the members', () => {
    expect(Object.keys(IMPACT_LABELS).sort()).toEqual([...IMPACTS].sort());
  });
});

describe('isImpact', () => {
  it.each(IMPACTS)('accepts %s', (i) => expect(isImpact(i)).toBe(true));
  it.each([
    ['empty', ''],
    ['capitalised', 'Major'],
    ['component status', 'major_outage'],
    ['severity', 'SEV1'],
    ['padded', ' none'],
    ['null', null],
    ['undefined', undefined],
    ['number', 2],
    ['array', ['none']],
  ])('rejects %s', (_n, v) => expect(isImpact(v)).toBe(false));
});

describe('deriveImpact without override', () => {
  it.each<[string, ComponentStatus[], Impact]>([
    ['no affected components', [], 'none'],
    ['operational', ['operational'], 'none'],
    ['under maintenance (planned work is not an incident impact)', ['under_maintenance'], 'none'],
    ['degraded → minor', ['degraded_performance'], 'minor'],
    ['partial → major', ['partial_outage'], 'major'],
    ['major → critical', ['major_outage'], 'critical'],
    ['degraded + partial', ['degraded_performance', 'partial_outage'], 'major'],
    ['partial + degraded (order irrelevant)', ['partial_outage', 'degraded_performance'], 'major'],
    ['operational + major + degraded', ['operational', 'major_outage', 'degraded_performance'], 'critical'],
    ['major first then lesser', ['major_outage', 'degraded_performance', 'partial_outage'], 'critical'],
    ['maintenance + degraded', ['under_maintenance', 'degraded_performance'], 'minor'],
    ['maintenance + operational', ['under_maintenance', 'operational'], 'none'],
    ['all five statuses', ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'], 'critical'],
    ['repeated degraded', ['degraded_performance', 'degraded_performance', 'degraded_performance'], 'minor'],
  ])('%s', (_name, statuses, expected) => {
    expect(deriveImpact(statuses, null)).toBe(expected);
  });
});

describe('deriveImpact with an override: the override always wins', () => {
  it.each<[string, ComponentStatus[], Impact]>([
    ['lower than derived (critical → minor)', ['major_outage'], 'minor'],
    ['lower than derived (critical → none)', ['major_outage'], 'none'],
    ['higher than derived', ['degraded_performance'], 'critical'],
    ['equal to derived', ['partial_outage'], 'major'],
    ['with no components', [], 'critical'],
    ['maintenance override on an outage', ['major_outage'], 'maintenance'],
    ['maintenance override on operational', ['operational'], 'maintenance'],
  ])('%s', (_name, statuses, override) => {
    expect(deriveImpact(statuses, override)).toBe(override);
  });
});

describe('worstImpact', () => {
  it.each<[Impact[], Impact]>([
    [[], 'none'],
    [['none'], 'none'],
    [['minor'], 'minor'],
    [['major'], 'major'],
    [['critical'], 'critical'],
    [['maintenance'], 'maintenance'],
    [['none', 'maintenance'], 'maintenance'],
    [['maintenance', 'none'], 'maintenance'],
    [['maintenance', 'minor'], 'minor'],
    [['minor', 'maintenance'], 'minor'],
    [['critical', 'maintenance'], 'critical'],
    [['maintenance', 'major', 'maintenance'], 'major'],
    [['minor', 'major'], 'major'],
    [['major', 'minor'], 'major'],
    [['critical', 'minor', 'major'], 'critical'],
    [['none', 'none', 'minor', 'none'], 'minor'],
    [['maintenance', 'maintenance'], 'maintenance'],
  ])('worstImpact(%j) = %s', (impacts, expected) => {
    expect(worstImpact(impacts)).toBe(expected);
  });

  it('is order-independent over every pair', () => {
    for (const a of IMPACTS) for (const b of IMPACTS) expect(worstImpact([a, b])).toBe(worstImpact([b, a]));
  });
});

describe('eventImpact', () => {
  it('is maintenance for maintenance, whatever the statuses or override', () => {
    expect(eventImpact('maintenance', ['major_outage'], 'critical')).toBe('maintenance');
    expect(eventImpact('maintenance', [], null)).toBe('maintenance');
  });

  it('derives an incident impact from the worst new status unless overridden', () => {
    expect(eventImpact('incident', ['degraded_performance', 'partial_outage'], null)).toBe('major');
    expect(eventImpact('incident', ['major_outage'], 'minor')).toBe('minor');
    expect(eventImpact('incident', [], null)).toBe('none');
  });
});
