import { describe, expect, it } from 'vitest';
import { DEFAULT_COMPONENT_LABELS, DEFAULT_SEVERITY_MAP, matchesAll, routeAlert, type RoutableComponent, type RoutingRule } from '../../src/core/alert-routing.js';

const COMPONENTS: RoutableComponent[] = [
  { id: 'g1', slug: 'backend', name: 'Backend', isGroup: true, groupId: null },
  { id: 'c1', slug: 'api', name: 'Public API', isGroup: false, groupId: 'g1' },
  { id: 'c2', slug: 'db', name: 'Database', isGroup: false, groupId: 'g1' },
  { id: 'c3', slug: 'web', name: 'Website', isGroup: false, groupId: null },
];
const CONFIG = { componentLabels: DEFAULT_COMPONENT_LABELS, severityMap: DEFAULT_SEVERITY_MAP };

describe('routeAlert, zero-config', () => {
  it('matches the component label to a slug or a name, case-insensitively', () => {
    expect(routeAlert({ component: 'api' }, [], COMPONENTS, CONFIG).componentIds).toEqual(['c1']);
    expect(routeAlert({ component: 'public API' }, [], COMPONENTS, CONFIG).componentIds).toEqual(['c1']);
    expect(routeAlert({ service: 'Website' }, [], COMPONENTS, CONFIG).componentIds).toEqual(['c3']);
    expect(routeAlert({ component: 'api, web' }, [], COMPONENTS, CONFIG).componentIds).toEqual(['c1', 'c3']);
  });

  it('takes a group to mean all of its components', () => {
    expect(routeAlert({ component: 'backend' }, [], COMPONENTS, CONFIG).componentIds).toEqual(['c1', 'c2']);
  });

  it('maps severity critical/warning/info to major/partial/degraded, and anything else to partial', () => {
    expect(routeAlert({ component: 'api', severity: 'critical' }, [], COMPONENTS, CONFIG)).toMatchObject({ componentStatus: 'major_outage', severity: 'SEV2' });
    expect(routeAlert({ component: 'api', severity: 'Warning' }, [], COMPONENTS, CONFIG).componentStatus).toBe('partial_outage');
    expect(routeAlert({ component: 'api', severity: 'info' }, [], COMPONENTS, CONFIG)).toMatchObject({ componentStatus: 'degraded_performance', severity: 'SEV4' });
    expect(routeAlert({ component: 'api', severity: 'page' }, [], COMPONENTS, CONFIG).componentStatus).toBe('partial_outage');
  });

  it('leaves an alert naming no known component unroutable', () => {
    expect(routeAlert({ component: 'nope' }, [], COMPONENTS, CONFIG).componentIds).toEqual([]);
    expect(routeAlert({ alertname: 'X' }, [], COMPONENTS, CONFIG).componentIds).toEqual([]);
  });

  it('uses the owner’s label names and severity mapping', () => {
    const config = { componentLabels: ['app'], severityMap: { p1: 'major_outage' as const } };
    expect(routeAlert({ app: 'db', severity: 'p1' }, [], COMPONENTS, config)).toMatchObject({ componentIds: ['c2'], componentStatus: 'major_outage' });
    expect(routeAlert({ component: 'db' }, [], COMPONENTS, config).componentIds).toEqual([]);
  });
});

describe('routeAlert, owner rules', () => {
  const rule: RoutingRule = {
    id: 'r1',
    matchers: [{ label: 'job', op: '=~', value: 'pay.*' }, { label: 'env', op: '!=', value: 'staging' }],
    componentIds: ['c3'],
    componentStatus: 'major_outage',
    severity: 'SEV1',
    templateId: 't1',
    autoPublish: true,
  };

  it('applies the first rule whose matchers all hold, before the label match', () => {
    expect(routeAlert({ job: 'payments', component: 'api' }, [rule], COMPONENTS, CONFIG)).toEqual({
      componentIds: ['c3'],
      componentStatus: 'major_outage',
      severity: 'SEV1',
      ruleId: 'r1',
      templateId: 't1',
      autoPublish: true,
    });
  });

  it('falls through when a matcher fails', () => {
    expect(routeAlert({ job: 'payments', env: 'staging', component: 'api' }, [rule], COMPONENTS, CONFIG).ruleId).toBeNull();
    expect(routeAlert({ job: 'xpayments', component: 'api' }, [rule], COMPONENTS, CONFIG).componentIds).toEqual(['c1']);
  });

  it('treats =~ as a whole-value match and a broken expression as no match', () => {
    expect(matchesAll({ job: 'payments-eu' }, [{ label: 'job', op: '=~', value: 'pay' }])).toBe(false);
    expect(matchesAll({ job: 'x' }, [{ label: 'job', op: '=~', value: '(' }])).toBe(false);
    expect(matchesAll({}, [{ label: 'env', op: '!=', value: 'prod' }])).toBe(true);
  });
});
