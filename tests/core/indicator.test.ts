import { describe, expect, it } from 'vitest';
import type { ComponentStatus } from '../../src/core/component-status.js';
import type { Impact } from '../../src/core/impact.js';
import { INDICATORS, derivePageStatus, type Indicator } from '../../src/core/indicator.js';

const OP: ComponentStatus = 'operational';
const DEG: ComponentStatus = 'degraded_performance';
const PART: ComponentStatus = 'partial_outage';
const MAJ: ComponentStatus = 'major_outage';
const MNT: ComponentStatus = 'under_maintenance';

// Descriptions exactly as DESIGN.md spells them.
const ALL_OK = 'All Systems Operational';
const MAJOR_SYSTEM = 'Major System Outage';
const PARTIAL_SYSTEM = 'Partial System Outage';
const MINOR_SERVICE = 'Minor Service Outage';
const DEGRADED_SYSTEM = 'Degraded System Service';
const PARTIALLY_DEGRADED = 'Partially Degraded Service';
const UNDER_MAINTENANCE = 'Service Under Maintenance';

type Row = [name: string, leaves: ComponentStatus[], openImpacts: Impact[], indicator: Indicator, description: string];

describe('INDICATORS', () => {
  it("is Statuspage's indicator vocabulary", () => {
    expect(INDICATORS).toEqual(['none', 'minor', 'major', 'critical', 'maintenance']);
  });
});

describe('derivePageStatus with no components: the worst open event decides', () => {
  it.each<Row>([
    ['no components, no open events', [], [], 'none', ALL_OK],
    ['open event with impact none', [], ['none'], 'none', ALL_OK],
    ['open minor event', [], ['minor'], 'minor', MINOR_SERVICE],
    ['open major event', [], ['major'], 'major', PARTIAL_SYSTEM],
    ['open critical event', [], ['critical'], 'critical', MAJOR_SYSTEM],
    ['open maintenance', [], ['maintenance'], 'maintenance', UNDER_MAINTENANCE],
    ['mixed: minor, critical, major → critical', [], ['minor', 'critical', 'major'], 'critical', MAJOR_SYSTEM],
    ['mixed: minor, major → major', [], ['minor', 'major'], 'major', PARTIAL_SYSTEM],
    ['mixed: none, minor → minor', [], ['none', 'minor'], 'minor', MINOR_SERVICE],
    ['maintenance + none → maintenance', [], ['none', 'maintenance'], 'maintenance', UNDER_MAINTENANCE],
    ['maintenance + minor → outage wins', [], ['maintenance', 'minor'], 'minor', MINOR_SERVICE],
    ['major + maintenance → outage wins', [], ['major', 'maintenance'], 'major', PARTIAL_SYSTEM],
    ['maintenance + critical → outage wins', [], ['maintenance', 'critical'], 'critical', MAJOR_SYSTEM],
  ])('%s', (_name, leaves, impacts, indicator, description) => {
    expect(derivePageStatus(leaves, impacts)).toEqual({ indicator, description });
  });
});

describe('derivePageStatus: one component in each status', () => {
  it.each<Row>([
    ['operational', [OP], [], 'none', ALL_OK],
    ['degraded (all degraded)', [DEG], [], 'minor', DEGRADED_SYSTEM],
    ['partial (all partial)', [PART], [], 'major', PARTIAL_SYSTEM],
    ['major (all major)', [MAJ], [], 'critical', MAJOR_SYSTEM],
    ['maintenance', [MNT], [], 'maintenance', UNDER_MAINTENANCE],
  ])('%s', (_name, leaves, impacts, indicator, description) => {
    expect(derivePageStatus(leaves, impacts)).toEqual({ indicator, description });
  });
});

describe('derivePageStatus: Statuspage rules in order', () => {
  it.each<Row>([
    // all major → critical
    ['all major', [MAJ, MAJ, MAJ], [], 'critical', MAJOR_SYSTEM],
    // any major → major
    ['one major, rest operational', [MAJ, OP, OP], [], 'major', PARTIAL_SYSTEM],
    ['one major at the end', [OP, OP, MAJ], [], 'major', PARTIAL_SYSTEM],
    ['one major + rest partial (precedence: not "all partial")', [MAJ, PART, PART], [], 'major', PARTIAL_SYSTEM],
    ['major + degraded', [MAJ, DEG], [], 'major', PARTIAL_SYSTEM],
    ['major + maintenance', [MAJ, MNT], [], 'major', PARTIAL_SYSTEM],
    ['two major + one operational', [MAJ, MAJ, OP], [], 'major', PARTIAL_SYSTEM],
    // all partial → major
    ['all partial', [PART, PART, PART], [], 'major', PARTIAL_SYSTEM],
    // some partial → minor
    ['some partial, rest operational', [PART, OP, OP], [], 'minor', MINOR_SERVICE],
    ['partial + degraded (partial rule before degraded rules)', [PART, DEG], [], 'minor', MINOR_SERVICE],
    ['partial + all the rest degraded', [DEG, DEG, PART], [], 'minor', MINOR_SERVICE],
    ['partial + maintenance', [PART, MNT], [], 'minor', MINOR_SERVICE],
    // all degraded → minor "Degraded System Service"
    ['all degraded', [DEG, DEG, DEG], [], 'minor', DEGRADED_SYSTEM],
    // some degraded → minor "Partially Degraded Service"
    ['some degraded, rest operational', [DEG, OP, OP], [], 'minor', PARTIALLY_DEGRADED],
    ['degraded + maintenance (degraded beats maintenance)', [DEG, MNT], [], 'minor', PARTIALLY_DEGRADED],
    // any maintenance → maintenance
    ['maintenance mixed with operational', [OP, MNT, OP], [], 'maintenance', UNDER_MAINTENANCE],
    ['all maintenance', [MNT, MNT], [], 'maintenance', UNDER_MAINTENANCE],
    ['maintenance mixed with a partial outage (outage wins)', [MNT, PART, OP], [], 'minor', MINOR_SERVICE],
    ['maintenance mixed with a major outage (outage wins)', [MNT, MAJ, OP], [], 'major', PARTIAL_SYSTEM],
    ['maintenance + all the rest major', [MNT, MAJ, MAJ], [], 'major', PARTIAL_SYSTEM],
    // else none
    ['all operational', [OP, OP, OP, OP], [], 'none', ALL_OK],
    ['every status once', [OP, DEG, PART, MAJ, MNT], [], 'major', PARTIAL_SYSTEM],
  ])('%s', (_name, leaves, impacts, indicator, description) => {
    expect(derivePageStatus(leaves, impacts)).toEqual({ indicator, description });
  });
});

describe('derivePageStatus: with components, open events do not decide', () => {
  it.each<Row>([
    ['operational components, critical incident open', [OP, OP], ['critical'], 'none', ALL_OK],
    ['operational components, maintenance open', [OP], ['maintenance'], 'none', ALL_OK],
    ['degraded components, critical incident open', [DEG], ['critical'], 'minor', DEGRADED_SYSTEM],
    ['major components, no events', [MAJ], [], 'critical', MAJOR_SYSTEM],
  ])('%s', (_name, leaves, impacts, indicator, description) => {
    expect(derivePageStatus(leaves, impacts)).toEqual({ indicator, description });
  });
});

describe('derivePageStatus: order of components never matters', () => {
  const samples: ComponentStatus[][] = [
    [MAJ, PART, OP],
    [PART, DEG, MNT],
    [DEG, OP, MNT],
    [MNT, OP, OP],
    [DEG, DEG, OP],
  ];
  it.each(samples)('%s, %s, %s', (...leaves) => {
    const expected = derivePageStatus(leaves, []);
    const rotations = leaves.map((_, i) => [...leaves.slice(i), ...leaves.slice(0, i)]);
    for (const r of rotations) expect(derivePageStatus(r, [])).toEqual(expected);
    expect(derivePageStatus([...leaves].reverse(), [])).toEqual(expected);
  });
});
