import { z } from 'zod';
import { pastTimelineProblems } from '../../core/backfill.js';
import type { ComponentStatus } from '../../core/component-status.js';
import type { IncidentStatus } from '../../core/incident-status.js';
import type { Severity } from '../../core/severity.js';
import { collect, componentChanges, messageSchema, severitySchema, statusSchema, titleSchema, type Parsed } from './incident-form.js';
import { readLocalTime } from './local-time-field.js';
import type { DateBounds } from '../../core/date-bounds.js';

/** Update rows the form offers; enough for every stage of the lifecycle plus one more. */
export const BACKFILL_ROWS = 5;

/** Field names of update row `n` (1-based). */
export function rowField(n: number, part: 'status' | 'at' | 'message'): string {
  return `update${n}.${part}`;
}

export interface PastUpdateFields {
  /** The form row it came from (1-based), to put later errors next to it. */
  readonly row: number;
  readonly status: IncidentStatus;
  /** Epoch ms. */
  readonly at: number;
  readonly message: string;
}

export interface BackfillFields {
  readonly title: string;
  readonly severity: Severity;
  /** Epoch ms. */
  readonly startedAt: number;
  /** The status each affected component had during the incident (set by the first update, undone by the resolution). */
  readonly changes: readonly { componentId: string; status: ComponentStatus }[];
  /** Oldest first. */
  readonly updates: readonly PastUpdateFields[];
}

/**
 * The past-incident form. Times are datetime-local values on the page zone's wall clock
 * (`bounds.timeZone`), each within the page's date bounds. An
 * update row counts once it has a time or a message (its status always has a value); a
 * half-filled row is an error rather than silently dropped. The timeline rules are the core's.
 */
export function parseBackfillForm(form: Record<string, string>, componentIds: readonly string[], bounds: DateBounds, now: number): Parsed<BackfillFields> {
  const { timeZone } = bounds;
  const errors: Record<string, string> = {};
  const head = z.object({ title: titleSchema, severity: severitySchema }).safeParse(form);
  collect(head, errors);
  const started = readLocalTime(form.startedAt, bounds);
  if (!started.ok) errors.startedAt = started.message;
  const changes = componentChanges(form, componentIds, errors);

  const rows: PastUpdateFields[] = [];
  for (let n = 1; n <= BACKFILL_ROWS; n++) {
    const [statusName, atName, messageName] = [rowField(n, 'status'), rowField(n, 'at'), rowField(n, 'message')];
    if ((form[atName] ?? '').trim() === '' && (form[messageName] ?? '').trim() === '') continue;
    const status = statusSchema.safeParse(form[statusName]);
    if (!status.success) errors[statusName] = status.error.issues[0]!.message;
    const at = readLocalTime(form[atName], bounds);
    if (!at.ok) errors[atName] = at.message;
    const message = messageSchema.safeParse(form[messageName] ?? '');
    if (!message.success) errors[messageName] = message.error.issues[0]!.message;
    if (status.success && at.ok && message.success) rows.push({ row: n, status: status.data, at: at.at, message: message.data });
  }
  if (!head.success || !started.ok || Object.keys(errors).length > 0) return { ok: false, errors };

  for (const problem of pastTimelineProblems(started.at, rows, now, timeZone)) {
    const name = 'step' in problem ? rowField(rows[problem.step]!.row, problem.target) : problem.target === 'startedAt' ? 'startedAt' : 'updates';
    errors[name] ??= problem.message;
  }
  if (changes.length > 0 && rows.length === 1) {
    errors.updates ??= 'To record how components were affected, add the first update customers saw as well as the one that resolved it.';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { title: head.data.title, severity: head.data.severity, startedAt: started.at, changes, updates: rows } };
}
