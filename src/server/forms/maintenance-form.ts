import { z } from 'zod';
import type { ComponentStatus } from '../../core/component-status.js';
import { MAINTENANCE_STATUSES, type MaintenanceStatus } from '../../core/incident-status.js';
import { checkDateInBounds, type DateBounds } from '../../core/date-bounds.js';
import { parseDateTimeLocal } from '../../core/time.js';
import { collect, componentChanges, messageSchema, TITLE_MAX, type Parsed } from './incident-form.js';

export interface NewMaintenanceFields {
  readonly title: string;
  /** The planned window, epoch ms. */
  readonly scheduledFor: number;
  readonly scheduledUntil: number;
  readonly componentIds: readonly string[];
  readonly message: string;
  readonly notify: boolean;
  readonly autoStart: boolean;
  readonly autoComplete: boolean;
}

export interface MaintenanceUpdateFields {
  readonly status: MaintenanceStatus;
  readonly message: string;
  readonly notify: boolean;
  readonly changes: readonly { componentId: string; status: ComponentStatus }[];
}

/** Checkbox names for the components a new maintenance affects: `affects:<id>`. */
export const AFFECTS_PREFIX = 'affects:';

const title = z.string().trim().min(1, 'Give the maintenance a title customers will understand.').max(TITLE_MAX, `Keep the title under ${TITLE_MAX} characters.`);

/** A datetime-local value read in the page's zone, within the page's date bounds, or the reason it cannot be. */
function windowEdge(value: string | undefined, bounds: DateBounds, which: 'start' | 'end'): number | string {
  const { timeZone } = bounds;
  if (!value) return `Give the ${which} as a date and time.`;
  const at = parseDateTimeLocal(value, timeZone);
  if (at !== null) return checkDateInBounds(at, bounds) ?? at;
  // UTC skips no time: a value it reads is a real wall-clock time that this zone skips.
  return parseDateTimeLocal(value, 'UTC') !== null
    ? `${value.replace('T', ' ')} does not exist in ${timeZone} (the clocks skip it); choose another time.`
    : `Give the ${which} as a date and time (YYYY-MM-DD HH:MM).`;
}

/**
 * The new-maintenance form. Times are wall-clock times in the page's zone (`bounds.timeZone`). The window may have
 * begun already (announcing late work) but must still be running: a past window is history,
 * not a plan.
 */
export function parseNewMaintenanceForm(form: Record<string, string>, componentIds: readonly string[], bounds: DateBounds, now: number): Parsed<NewMaintenanceFields> {
  const errors: Record<string, string> = {};
  const text = z.object({ title, message: messageSchema }).safeParse(form);
  collect(text, errors);
  const from = windowEdge(form.starts_at, bounds, 'start');
  const until = windowEdge(form.ends_at, bounds, 'end');
  if (typeof from === 'string') errors.starts_at = from;
  if (typeof until === 'string') errors.ends_at = until;
  else if (typeof from === 'number' && until <= from) errors.ends_at = 'The window must end after it starts.';
  else if (until <= now) errors.ends_at = 'This window has already ended; choose an end in the future.';
  const affected: string[] = [];
  for (const [name, value] of Object.entries(form)) {
    if (!name.startsWith(AFFECTS_PREFIX) || value !== 'on') continue;
    const id = name.slice(AFFECTS_PREFIX.length);
    if (componentIds.includes(id)) affected.push(id);
    else errors[name] = 'That component no longer exists; reload the page.';
  }
  if (!text.success || typeof from === 'string' || typeof until === 'string' || Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      ...text.data,
      scheduledFor: from,
      scheduledUntil: until,
      componentIds: affected,
      notify: form.notify === 'on',
      autoStart: form.auto_start === 'on',
      autoComplete: form.auto_complete === 'on',
    },
  };
}

export function parseMaintenanceUpdateForm(form: Record<string, string>, componentIds: readonly string[]): Parsed<MaintenanceUpdateFields> {
  const errors: Record<string, string> = {};
  const base = z
    .object({ status: z.enum(MAINTENANCE_STATUSES, { errorMap: () => ({ message: 'Choose a status.' }) }), message: messageSchema })
    .safeParse(form);
  collect(base, errors);
  const changes = componentChanges(form, componentIds, errors);
  if (!base.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { ...base.data, notify: form.notify === 'on', changes } };
}
