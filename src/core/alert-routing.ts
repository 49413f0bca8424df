import { isComponentStatus, type ComponentStatus } from './component-status.js';
import type { Severity } from './severity.js';

/** Label names tried in order for the component an alert is about, when no rule names one. */
export const DEFAULT_COMPONENT_LABELS = ['component', 'service'] as const;

/** An alert's `severity` label → the component status it sets (owner-editable). */
export const DEFAULT_SEVERITY_MAP: Readonly<Record<string, ComponentStatus>> = {
  critical: 'major_outage',
  warning: 'partial_outage',
  info: 'degraded_performance',
};

/** When neither a rule nor the severity label says: an alert means something is broken. */
export const FALLBACK_ALERT_STATUS: ComponentStatus = 'partial_outage';

/** The incident severity a proposal gets from the worst status its alerts set. */
export function severityForStatus(status: ComponentStatus): Severity {
  switch (status) {
    case 'major_outage':
      return 'SEV2';
    case 'partial_outage':
      return 'SEV3';
    default:
      return 'SEV4';
  }
}

export const MATCHER_OPS = ['=', '!=', '=~'] as const;
export type MatcherOp = (typeof MATCHER_OPS)[number];

export interface LabelMatcher {
  readonly label: string;
  readonly op: MatcherOp;
  readonly value: string;
}

export interface RoutingRule {
  readonly id: string;
  readonly matchers: readonly LabelMatcher[];
  readonly componentIds: readonly string[];
  readonly componentStatus: ComponentStatus | null;
  readonly severity: Severity | null;
  readonly templateId: string | null;
  readonly autoPublish: boolean;
}

export interface RoutableComponent {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly isGroup: boolean;
  readonly groupId: string | null;
}

export interface RoutingConfig {
  readonly componentLabels: readonly string[];
  readonly severityMap: Readonly<Record<string, ComponentStatus>>;
}

export interface Route {
  /** Leaf components; empty when nothing matched (the alert is kept and listed as unroutable). */
  readonly componentIds: readonly string[];
  readonly componentStatus: ComponentStatus;
  readonly severity: Severity;
  readonly ruleId: string | null;
  readonly templateId: string | null;
  readonly autoPublish: boolean;
}

/** Whether every matcher holds; `=~` is a whole-value regular expression, as Alertmanager's. */
export function matchesAll(labels: Readonly<Record<string, string>>, matchers: readonly LabelMatcher[]): boolean {
  return matchers.every((m) => {
    const value = labels[m.label] ?? '';
    if (m.op === '=') return value === m.value;
    if (m.op === '!=') return value !== m.value;
    try {
      return new RegExp(`^(?:${m.value})$`).test(value);
    } catch {
      return false;
    }
  });
}

const fold = (s: string): string => s.trim().toLowerCase();

/**
 * The leaf components a label value names: a slug or a name (case-insensitive); a group means all
 * of its children. Several values may be given, comma-separated.
 */
function componentsNamed(value: string, components: readonly RoutableComponent[], childrenOf: (groupId: string) => readonly string[]): string[] {
  const out: string[] = [];
  for (const part of value.split(',').map(fold).filter((p) => p !== '')) {
    const hit = components.find((c) => fold(c.slug) === part) ?? components.find((c) => fold(c.name) === part);
    if (!hit) continue;
    out.push(...(hit.isGroup ? childrenOf(hit.id) : [hit.id]));
  }
  return [...new Set(out)];
}

/** The component status an alert's labels ask for: the severity label through the map, else the fallback. */
export function statusFromLabels(labels: Readonly<Record<string, string>>, severityMap: Readonly<Record<string, ComponentStatus>>): ComponentStatus {
  const mapped = severityMap[fold(labels.severity ?? '')];
  return isComponentStatus(mapped) ? mapped : FALLBACK_ALERT_STATUS;
}

/**
 * The route of an alert that names its components itself (a heartbeat, an upstream page): no
 * owner rule or label lookup applies, the status is the one configured on the source.
 */
export function fixedRoute(componentIds: readonly string[], componentStatus: ComponentStatus): Route {
  return { componentIds, componentStatus, severity: severityForStatus(componentStatus), ruleId: null, templateId: null, autoPublish: false };
}

/**
 * Where an alert goes: the first owner rule whose matchers all hold, else the zero-config match of
 * a component label to a component's slug or name. Pure: components and rules are passed in.
 */
export function routeAlert(
  labels: Readonly<Record<string, string>>,
  rules: readonly RoutingRule[],
  components: readonly RoutableComponent[],
  config: RoutingConfig,
): Route {
  const childrenOf = (groupId: string): string[] => components.filter((c) => !c.isGroup && c.groupId === groupId).map((c) => c.id);
  const fromLabels = statusFromLabels(labels, config.severityMap);
  for (const rule of rules) {
    if (!matchesAll(labels, rule.matchers)) continue;
    const status = rule.componentStatus ?? fromLabels;
    return {
      componentIds: rule.componentIds,
      componentStatus: status,
      severity: rule.severity ?? severityForStatus(status),
      ruleId: rule.id,
      templateId: rule.templateId,
      autoPublish: rule.autoPublish,
    };
  }
  let componentIds: string[] = [];
  for (const name of config.componentLabels) {
    const value = labels[name];
    if (value === undefined) continue;
    componentIds = componentsNamed(value, components, childrenOf);
    if (componentIds.length > 0) break;
  }
  return { componentIds, componentStatus: fromLabels, severity: severityForStatus(fromLabels), ruleId: null, templateId: null, autoPublish: false };
}
