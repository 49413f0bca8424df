import { COMPONENT_STATUS_LABELS, type ComponentStatus } from '../src/core/component-status.js';
import { formatDateTime } from '../src/core/format.js';
import { IMPACT_LABELS, type Impact } from '../src/core/impact.js';
import { EVENT_STATUS_LABELS, type IncidentStatus } from '../src/core/incident-status.js';
import { SEVERITY_INFO, type Severity } from '../src/core/severity.js';
import { STATUS_COLOURS } from './colours.js';
import { renderEmail, subscriberReason, type EmailBlock, type EmailFact } from './layout.js';
import { eventSubject } from './subject.js';
import type { EmailContent, EmailMessage, EmailPage, SubscriptionLinks } from './types.js';

export interface AffectedComponent {
  readonly name: string;
  /** The status this update put the component in. */
  readonly status: ComponentStatus;
}

export interface IncidentUpdateInput {
  readonly page: EmailPage;
  readonly incident: {
    readonly title: string;
    /** `INC-YYYYMMDD-NNN`. */
    readonly reference: string;
    /** Absolute link to the incident's public page. */
    readonly url: string;
    readonly severity: Severity | null;
    readonly impact: Impact;
  };
  readonly update: {
    readonly status: IncidentStatus;
    /** The update's display time, epoch ms. */
    readonly at: number;
    readonly message: EmailMessage;
  };
  /** In page order; empty when the incident names no component. */
  readonly components: readonly AffectedComponent[];
  readonly links: SubscriptionLinks;
}

/** One published incident update, as sent to each matching subscriber. */
export function renderIncidentUpdate(input: IncidentUpdateInput): EmailContent {
  const { page, incident, update } = input;
  const statusLabel = EVENT_STATUS_LABELS[update.status];
  const facts: EmailFact[] = [{ label: 'Status', value: statusLabel }];
  if (incident.severity) facts.push({ label: 'Severity', value: SEVERITY_INFO[incident.severity].label });
  facts.push(
    { label: 'Impact', value: IMPACT_LABELS[incident.impact] },
    { label: 'Reference', value: incident.reference },
    { label: 'Posted', value: formatDateTime(update.at, page.timeZone) },
  );
  const blocks: EmailBlock[] = [{ kind: 'facts', rows: facts }];
  if (input.components.length > 0) {
    blocks.push({
      kind: 'list',
      title: 'Affected components',
      items: input.components.map((c) => ({
        text: c.name,
        note: COMPONENT_STATUS_LABELS[c.status],
        noteColour: STATUS_COLOURS[c.status],
      })),
    });
  }
  blocks.push(
    { kind: 'message', html: update.message.bodyHtml, text: update.message.bodyText },
    { kind: 'button', label: 'View the incident', url: incident.url, showUrl: false },
  );
  return renderEmail({
    page,
    subject: eventSubject(page.name, incident.title),
    preheader: `${statusLabel}: ${update.message.bodyText}`,
    eyebrow: `Incident update: ${statusLabel}`,
    heading: incident.title,
    blocks,
    reason: subscriberReason(page.name),
    links: input.links,
  });
}
