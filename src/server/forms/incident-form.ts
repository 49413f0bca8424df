import { z } from 'zod';
import { COMPONENT_STATUSES, type ComponentStatus } from '../../core/component-status.js';
import { IMPACTS, type Impact } from '../../core/impact.js';
import type { IncidentStatus } from '../../core/incident-status.js';
import { SEVERITIES, type Severity } from '../../core/severity.js';

export const TITLE_MAX = 200;
export const MESSAGE_MAX = 20_000;

/** Impacts an incident may be given by hand; "maintenance" belongs to maintenance only. */
const INCIDENT_IMPACTS = IMPACTS.filter((i): i is Exclude<Impact, 'maintenance'> => i !== 'maintenance') as [
  Exclude<Impact, 'maintenance'>,
  ...Exclude<Impact, 'maintenance'>[],
];

/** The stages an update form offers; postmortem is reached only by publishing one. */
const UPDATE_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;

const title = z.string().trim().min(1, 'Give the incident a title customers will understand.').max(TITLE_MAX, `Keep the title under ${TITLE_MAX} characters.`);
/** Any message for customers, incident or maintenance. */
export const messageField = z.string().trim().min(1, 'Write a message for customers.').max(MESSAGE_MAX, `Keep the message under ${MESSAGE_MAX} characters.`);
const status = z.enum(UPDATE_STATUSES, { errorMap: () => ({ message: 'Choose a status.' }) });

export interface UpdateFields {
  readonly status: IncidentStatus;
  readonly message: string;
  readonly notify: boolean;
  /** Components whose status this update sets (unchanged ones left out). */
  readonly changes: readonly { componentId: string; status: ComponentStatus }[];
}

export interface NewIncidentFields extends UpdateFields {
  readonly title: string;
  readonly severity: Severity;
  readonly impactOverride: Impact | null;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

/** `component:<id>` fields: '' keeps the status, otherwise one of the statuses. Unknown ids are an error. */
export function componentChanges(form: Record<string, string>, componentIds: readonly string[], errors: Record<string, string>): UpdateFields['changes'] {
  const changes: { componentId: string; status: ComponentStatus }[] = [];
  for (const [name, value] of Object.entries(form)) {
    if (!name.startsWith('component:') || value === '') continue;
    const id = name.slice('component:'.length);
    if (!componentIds.includes(id)) errors[name] = 'That component no longer exists; reload the page.';
    else if (!(COMPONENT_STATUSES as readonly string[]).includes(value)) errors[name] = 'Choose a status from the list.';
    else changes.push({ componentId: id, status: value as ComponentStatus });
  }
  return changes;
}

/** Keeps the first zod message per field. */
export function collect(result: z.SafeParseReturnType<unknown, unknown>, errors: Record<string, string>): void {
  if (result.success) return;
  for (const issue of result.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
}

export function parseUpdateForm(form: Record<string, string>, componentIds: readonly string[]): Parsed<UpdateFields> {
  const errors: Record<string, string> = {};
  const base = z.object({ status, message: messageField }).safeParse(form);
  collect(base, errors);
  const changes = componentChanges(form, componentIds, errors);
  if (!base.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { ...base.data, notify: form.notify === 'on', changes } };
}

export function parseNewIncidentForm(form: Record<string, string>, componentIds: readonly string[]): Parsed<NewIncidentFields> {
  const errors: Record<string, string> = {};
  const fields = z
    .object({
      title,
      severity: z.enum(SEVERITIES, { errorMap: () => ({ message: 'Choose a severity.' }) }),
      impact: z
        .union([z.literal(''), z.enum(INCIDENT_IMPACTS)], { errorMap: () => ({ message: 'Choose an impact, or leave it derived.' }) })
        .default(''),
    })
    .safeParse(form);
  collect(fields, errors);
  const update = parseUpdateForm(form, componentIds);
  if (!update.ok) Object.assign(errors, update.errors);
  if (!fields.success || !update.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  const { impact, ...rest } = fields.data;
  return { ok: true, value: { ...update.value, ...rest, impactOverride: impact === '' ? null : impact } };
}
