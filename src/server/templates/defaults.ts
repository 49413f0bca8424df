import type { EventKind, EventStatus } from '../../core/incident-status.js';

export interface TemplateDefault {
  readonly kind: EventKind;
  readonly name: string;
  /** The status an update written from it moves the event to. */
  readonly status: EventStatus;
  /** Prefilled title for a new event; updates keep the event's own. */
  readonly title: string;
  readonly body: string;
}

/**
 * The set that ships, copied into the templates table once (see store.ts). Plain words for
 * customers, one per stage, following the playbooks' advice: say what is affected, what we
 * know, and when the next update comes; no internal jargon; apologise once it is over.
 * Maintenance says when the work happens, what to expect, and when it is done.
 */
export const DEFAULT_TEMPLATES: readonly TemplateDefault[] = [
  {
    kind: 'incident',
    name: 'Investigating',
    status: 'investigating',
    title: 'Problems with {{components}}',
    body: 'We are investigating reports of problems with {{components}} since {{started_at}}. We will share more as soon as we know it, and update this page by {{next_update}} at the latest.',
  },
  {
    kind: 'incident',
    name: 'Identified',
    status: 'identified',
    title: 'Problems with {{components}}',
    body: 'We have found the cause of the problems with {{components}} and are working on a fix. Next update by {{next_update}}.',
  },
  {
    kind: 'incident',
    name: 'Monitoring',
    status: 'monitoring',
    title: 'Problems with {{components}}',
    body: 'A fix is in place and we are seeing recovery for {{components}}. We are watching closely to make sure it holds. Next update by {{next_update}}.',
  },
  {
    kind: 'incident',
    name: 'Resolved',
    status: 'resolved',
    title: 'Problems with {{components}}',
    body: 'This incident is resolved. Everything affected ({{components}}) is working normally again, after {{duration}} of disruption. We are sorry for the trouble, and will share what we learn.',
  },
  {
    kind: 'maintenance',
    name: 'Scheduled',
    status: 'scheduled',
    title: 'Planned maintenance of {{components}}',
    body: 'We will carry out planned maintenance on {{components}} from {{starts_at}} to {{ends_at}}. During this time {{components}} may be slow or unavailable. We will post here when the work begins and when it is finished.',
  },
  {
    kind: 'maintenance',
    name: 'In progress',
    status: 'in_progress',
    title: 'Planned maintenance of {{components}}',
    body: 'The planned maintenance of {{components}} has begun. You may notice interruptions until {{ends_at}}. We will post here as soon as it is finished.',
  },
  {
    kind: 'maintenance',
    name: 'Completed',
    status: 'completed',
    title: 'Planned maintenance of {{components}}',
    body: 'The planned maintenance of {{components}} is complete and everything is working normally. Thank you for your patience.',
  },
];

/** The shipped wording for a stage, for when the owner has deleted every template of it. */
export function shippedTemplate(kind: EventKind, status: EventStatus): TemplateDefault | undefined {
  return DEFAULT_TEMPLATES.find((t) => t.kind === kind && t.status === status);
}
