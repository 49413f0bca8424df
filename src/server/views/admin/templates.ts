import type { Db } from '../../../../db/client.js';
import { EVENT_KINDS, EVENT_STATUS_LABELS, type EventKind } from '../../../core/incident-status.js';
import { describePlaceholders } from '../../../core/template.js';
import { listTemplates, templateStatuses, type TemplateRecord } from '../../templates/store.js';
import type { Option } from './incident-editor.js';

export const KIND_LABELS: Readonly<Record<EventKind, string>> = { incident: 'Incident', maintenance: 'Maintenance' };

export interface TemplateRow {
  readonly id: string;
  readonly name: string;
  readonly statusLabel: string;
  readonly title: string;
  readonly first: boolean;
  readonly last: boolean;
}

export interface TemplateListView {
  readonly groups: readonly { readonly kind: EventKind; readonly heading: string; readonly rows: readonly TemplateRow[] }[];
}

/** Both kinds' templates, each in the order the editors use them. */
export function templateListView(db: Db, now: number): TemplateListView {
  return {
    groups: EVENT_KINDS.map((kind) => {
      const list = listTemplates(db, kind, now);
      return {
        kind,
        heading: `${KIND_LABELS[kind]} templates`,
        rows: list.map((t, i) => ({ id: t.id, name: t.name, statusLabel: EVENT_STATUS_LABELS[t.status], title: t.title, first: i === 0, last: i === list.length - 1 })),
      };
    }),
  };
}

export interface TemplateFormChoices {
  readonly kinds: readonly Option[];
  /** Statuses per kind, for an `<optgroup>` each. */
  readonly statuses: readonly { readonly kind: EventKind; readonly label: string; readonly options: readonly Option[] }[];
  /** "{{components}}, {{started_at}} …" per kind, as help next to the text fields. */
  readonly placeholders: Readonly<Record<EventKind, string>>;
}

export const templateFormChoices: TemplateFormChoices = {
  kinds: EVENT_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] })),
  statuses: EVENT_KINDS.map((kind) => ({
    kind,
    label: KIND_LABELS[kind],
    options: templateStatuses(kind).map((s) => ({ value: s, label: EVENT_STATUS_LABELS[s] })),
  })),
  placeholders: { incident: describePlaceholders('incident'), maintenance: describePlaceholders('maintenance') },
};

/** A stored template as form values; a new one starts as the given kind's first stage. */
export function templateFormValues(template: TemplateRecord | null, kind: string | null): Record<string, string> {
  if (template) return { kind: template.kind, name: template.name, status: template.status, title: template.title, body: template.body };
  const k: EventKind = kind === 'maintenance' ? 'maintenance' : 'incident';
  return { kind: k, name: '', status: templateStatuses(k)[0]!, title: '', body: '' };
}
