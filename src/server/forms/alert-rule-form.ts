import { z } from 'zod';
import { MATCHER_OPS, type LabelMatcher, type RoutingRule } from '../../core/alert-routing.js';
import { COMPONENT_STATUSES, type ComponentStatus } from '../../core/component-status.js';
import { SEVERITIES, type Severity } from '../../core/severity.js';
import type { Parsed } from './incident-form.js';

export const RULE_NAME_MAX = 80;
export const MATCHERS_MAX = 20;

/** A rule as the form gives it: what routing uses, plus the name people know it by. */
export interface AlertRuleFields extends Omit<RoutingRule, 'id'> {
  readonly name: string;
}

export interface RoutingFields {
  readonly componentLabels: readonly string[];
  readonly severityMap: Readonly<Record<string, ComponentStatus>>;
}

const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** `label=value`, `label!=value` or `label=~regex`, one per line, as Alertmanager writes matchers. */
export function parseMatchers(text: string): { matchers: LabelMatcher[] } | { error: string } {
  const matchers: LabelMatcher[] = [];
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length > MATCHERS_MAX) return { error: `Use at most ${MATCHERS_MAX} matchers.` };
  for (const line of lines) {
    const m = /^([^=!~\s]+)\s*(=~|!=|=)\s*"?(.*?)"?$/.exec(line);
    if (!m || !LABEL.test(m[1]!)) return { error: `“${line.slice(0, 60)}” is not a matcher; write label=value, label!=value or label=~regex.` };
    const op = m[2] as (typeof MATCHER_OPS)[number];
    if (op === '=~') {
      try {
        new RegExp(m[3]!);
      } catch {
        return { error: `“${m[3]}” is not a valid regular expression.` };
      }
    }
    matchers.push({ label: m[1]!, op, value: m[3]! });
  }
  if (matchers.length === 0) return { error: 'Add at least one matcher, e.g. job=payments.' };
  return { matchers };
}

/** The rule form: `component:<id>` checkboxes name the components (only ids offered count). */
export function parseAlertRuleForm(form: Record<string, string>, componentIds: readonly string[], templateIds: readonly string[]): Parsed<AlertRuleFields> {
  const errors: Record<string, string> = {};
  const name = z.string().trim().min(1).max(RULE_NAME_MAX).safeParse(form.name ?? '');
  if (!name.success) errors.name = `Name the rule (up to ${RULE_NAME_MAX} characters).`;
  const matchers = parseMatchers(form.matchers ?? '');
  if ('error' in matchers) errors.matchers = matchers.error;
  const chosen = componentIds.filter((id) => form[`component:${id}`] === 'on');
  if (chosen.length === 0) errors.components = 'Choose the components this rule moves.';
  const status = form.status === '' || form.status === undefined ? null : (COMPONENT_STATUSES as readonly string[]).includes(form.status) ? (form.status as ComponentStatus) : undefined;
  if (status === undefined) errors.status = 'Choose a status from the list.';
  const severity = form.severity === '' || form.severity === undefined ? null : (SEVERITIES as readonly string[]).includes(form.severity) ? (form.severity as Severity) : undefined;
  if (severity === undefined) errors.severity = 'Choose a severity from the list.';
  const templateId = form.template === '' || form.template === undefined ? null : templateIds.includes(form.template) ? form.template : undefined;
  if (templateId === undefined) errors.template = 'That template no longer exists; reload the page.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name: name.data!,
      matchers: 'matchers' in matchers ? matchers.matchers : [],
      componentIds: chosen,
      componentStatus: status!,
      severity: severity!,
      templateId: templateId!,
      autoPublish: form.auto_publish === 'on',
    },
  };
}

/** Label names comma-separated; the severity mapping one `severity=status` per line. */
export function parseRoutingForm(form: Record<string, string>): Parsed<RoutingFields> {
  const errors: Record<string, string> = {};
  const componentLabels = (form.component_labels ?? '').split(',').map((l) => l.trim()).filter((l) => l !== '');
  if (componentLabels.length === 0 || componentLabels.length > 10 || !componentLabels.every((l) => LABEL.test(l))) {
    errors.component_labels = 'Give one to ten label names, comma-separated, e.g. component, service.';
  }
  const severityMap: Record<string, ComponentStatus> = {};
  for (const line of (form.severity_map ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '')) {
    const [key, value] = line.split('=').map((s) => s.trim());
    if (!key || !value || !(COMPONENT_STATUSES as readonly string[]).includes(value)) {
      errors.severity_map = `“${line.slice(0, 60)}” should read severity=status, with a status from: ${COMPONENT_STATUSES.join(', ')}.`;
      break;
    }
    severityMap[key.toLowerCase()] = value as ComponentStatus;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { componentLabels, severityMap } };
}
