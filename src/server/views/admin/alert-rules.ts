import { asc } from 'drizzle-orm';
import type { Db } from '../../../../db/client.js';
import { alertRules } from '../../../../db/schema.js';
import type { LabelMatcher } from '../../../core/alert-routing.js';
import { COMPONENT_STATUS_LABELS, COMPONENT_STATUSES } from '../../../core/component-status.js';
import { SEVERITIES, SEVERITY_INFO } from '../../../core/severity.js';
import { loadRoutingConfig, parseIds } from '../../alerts/store.js';
import { listComponents } from '../../read/components.js';
import { listTemplates } from '../../templates/store.js';
import type { Option } from './incident-editor.js';

export interface RuleRow {
  readonly id: string;
  readonly name: string;
  readonly matchers: string;
  readonly components: string;
  readonly effect: string;
}

export interface AlertRulesView {
  readonly rules: readonly RuleRow[];
  readonly components: readonly Option[];
  readonly statuses: readonly Option[];
  readonly severities: readonly Option[];
  readonly templates: readonly Option[];
  /** The routing form's starting values. */
  readonly routing: { readonly componentLabels: string; readonly severityMap: string };
}

const matcherText = (m: LabelMatcher): string => `${m.label}${m.op}${m.value}`;

export function alertRulesView(db: Db, now: number): AlertRulesView {
  const components = listComponents(db);
  const names = new Map(components.map((c) => [c.id, c.name]));
  const config = loadRoutingConfig(db);
  return {
    rules: db
      .select()
      .from(alertRules)
      .orderBy(asc(alertRules.position))
      .all()
      .map((r) => ({
        id: r.id,
        name: r.name,
        matchers: (JSON.parse(r.matchers) as LabelMatcher[]).map(matcherText).join(', '),
        components: parseIds(r.componentIds).map((id) => names.get(id) ?? 'a removed component').join(', '),
        effect: [
          r.componentStatus ? COMPONENT_STATUS_LABELS[r.componentStatus] : 'status from the severity label',
          r.severity ? SEVERITY_INFO[r.severity].label : null,
          r.autoPublish ? 'publishes at once' : 'proposes',
        ]
          .filter((x) => x !== null)
          .join(' · '),
      })),
    components: components.filter((c) => !c.isGroup).map((c) => ({ value: c.id, label: c.name })),
    statuses: COMPONENT_STATUSES.map((s) => ({ value: s, label: COMPONENT_STATUS_LABELS[s] })),
    severities: SEVERITIES.map((s) => ({ value: s, label: SEVERITY_INFO[s].label })),
    templates: listTemplates(db, 'incident', now).map((t) => ({ value: t.id, label: t.name })),
    routing: {
      componentLabels: config.componentLabels.join(', '),
      severityMap: Object.entries(config.severityMap).map(([k, v]) => `${k}=${v}`).join('\n'),
    },
  };
}
