import type { Db } from '../../../db/client.js';
import { escapeHtml } from '../../core/escape-html.js';
import { EVENT_KINDS, type EventKind } from '../../core/incident-status.js';
import { fillTemplate } from '../../core/template.js';
import { parseDateTimeLocal } from '../../core/time.js';
import { renderMarkdown } from '../markdown.js';
import { findEvent } from '../read/events.js';
import { affectedComponentsOf } from '../read/event-updates.js';
import { readPageSettings } from '../settings.js';
import { componentChoices, placeholderValues } from '../views/admin/incident-editor.js';
import { componentChanges, severitySchema } from './incident-form.js';
import { AFFECTS_PREFIX } from './maintenance-form.js';

/** What a message form writes: a new event of a kind (`eventId` null), or an update to one. */
export interface PreviewTarget {
  readonly kind: EventKind;
  readonly eventId: string | null;
}

/** Hidden-from-people fields the live preview sends beside the form, naming its target. */
export const PREVIEW_FIELD = { kind: 'preview_kind', event: 'preview_event' } as const;

export function previewTargetOf(form: Readonly<Record<string, string>>): PreviewTarget {
  const kind = EVENT_KINDS.find((k) => k === form[PREVIEW_FIELD.kind]) ?? 'incident';
  return { kind, eventId: form[PREVIEW_FIELD.event] || null };
}

/**
 * The components a half-filled form names so far: those an update changes, or the boxes ticked
 * on a new maintenance (which sets no status). Unknown ids and statuses are left out.
 */
export function chosenComponentIds(db: Db, form: Readonly<Record<string, string>>, target: PreviewTarget): string[] {
  const ids = componentChoices(db).map((c) => c.id);
  if (target.kind === 'maintenance' && target.eventId === null) return ids.filter((id) => form[`${AFFECTS_PREFIX}${id}`] === 'on');
  return componentChanges({ ...form }, ids, {}).map((c) => c.componentId);
}

/**
 * The title (new events only) and message as customers will read them, for the Preview button
 * and the live preview alike: the same placeholder values the submit fills in at `now`, the same
 * Markdown sanitiser. Works on a half-filled form: whatever cannot be filled yet stays as typed,
 * which is what publishing would refuse.
 */
export function messagePreview(db: Db, form: Readonly<Record<string, string>>, target: PreviewTarget, now: number): string {
  const chosen = chosenComponentIds(db, form, target);
  const event = target.eventId === null ? null : findEvent(db, target.eventId);
  const affected = event ? (affectedComponentsOf(db, [event.id]).get(event.id) ?? []).map((c) => c.name) : [];
  let values: ReturnType<typeof placeholderValues>;
  if (target.kind === 'incident') {
    const severity = event ? event.severity : (severitySchema.safeParse(form.severity).data ?? null);
    values = placeholderValues(db, chosen, affected, severity, event?.startedAt ?? now, now);
  } else {
    const tz = readPageSettings(db, now).timeZone;
    const from = event ? event.scheduledFor : parseDateTimeLocal(form.starts_at ?? '', tz);
    const until = event ? event.scheduledUntil : parseDateTimeLocal(form.ends_at ?? '', tz);
    const window = from !== null && until !== null ? { from, until } : null;
    values = placeholderValues(db, chosen, affected, null, event?.startedAt ?? from ?? now, now, window);
  }
  const message = renderMarkdown(fillTemplate(form.message ?? '', values));
  if (event) return message;
  const title = fillTemplate((form.title ?? '').trim(), values);
  return `${title ? `<h3 class="preview-title">${escapeHtml(title)}</h3>` : ''}${message}`;
}
