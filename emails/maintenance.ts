import { formatDateTime, formatDuration } from '../src/core/format.js';
import { EVENT_STATUS_LABELS, type MaintenanceStatus } from '../src/core/incident-status.js';
import { renderEmail, subscriberReason, type EmailBlock } from './layout.js';
import { eventSubject } from './subject.js';
import type { EmailContent, EmailMessage, EmailPage, SubscriptionLinks } from './types.js';

export interface MaintenanceInput {
  readonly page: EmailPage;
  readonly maintenance: {
    readonly title: string;
    readonly reference: string;
    /** Absolute link to the maintenance's public page. */
    readonly url: string;
    /** The planned window, epoch ms; ends after it starts. */
    readonly scheduledFor: number;
    readonly scheduledUntil: number;
  };
  /** `scheduled` announces it, `in_progress` says it started, `completed` that it is over. */
  readonly update: {
    readonly status: MaintenanceStatus;
    /** The update's display time, epoch ms. */
    readonly at: number;
    readonly message: EmailMessage;
  };
  /** Names of the components the work affects, in page order. */
  readonly components: readonly string[];
  readonly links: SubscriptionLinks;
}

const EYEBROWS: Readonly<Record<MaintenanceStatus, string>> = {
  scheduled: 'Maintenance scheduled',
  in_progress: 'Maintenance in progress',
  verifying: 'Maintenance: verifying',
  completed: 'Maintenance completed',
};

/** "Mar 29, 2026, 01:00 GMT+1 – Mar 29, 2026, 05:00 GMT+2 (3 h)": both ends carry their own offset. */
export function formatWindow(from: number, until: number, timeZone: string): string {
  return `${formatDateTime(from, timeZone)} – ${formatDateTime(until, timeZone)} (${formatDuration(until - from)})`;
}

/** A maintenance update: one renderer for every phase, so all of them look and thread alike. */
export function renderMaintenance(input: MaintenanceInput): EmailContent {
  const { page, maintenance, update } = input;
  const statusLabel = EVENT_STATUS_LABELS[update.status];
  const blocks: EmailBlock[] = [
    {
      kind: 'facts',
      rows: [
        { label: 'Status', value: statusLabel },
        { label: 'Window', value: formatWindow(maintenance.scheduledFor, maintenance.scheduledUntil, page.timeZone) },
        { label: 'Reference', value: maintenance.reference },
        { label: 'Posted', value: formatDateTime(update.at, page.timeZone) },
      ],
    },
  ];
  if (input.components.length > 0) {
    blocks.push({ kind: 'list', title: 'Components affected', items: input.components.map((name) => ({ text: name })) });
  }
  blocks.push(
    { kind: 'message', html: update.message.bodyHtml, text: update.message.bodyText },
    { kind: 'button', label: 'View the maintenance', url: maintenance.url, showUrl: false },
  );
  return renderEmail({
    page,
    subject: eventSubject(page.name, maintenance.title),
    preheader: `${EYEBROWS[update.status]}: ${update.message.bodyText}`,
    eyebrow: EYEBROWS[update.status],
    heading: maintenance.title,
    blocks,
    reason: subscriberReason(page.name),
    links: input.links,
  });
}
