import { formatDateTime } from '../src/core/format.js';
import { renderEmail } from './layout.js';
import { pageSubject } from './subject.js';
import type { EmailContent, EmailPage } from './types.js';

export interface EndpointQuarantinedInput {
  readonly page: EmailPage;
  /** What kind of endpoint, as a person names it: "webhook", "Slack channel"… */
  readonly channelLabel: string;
  /** The endpoint's address with any path beyond the host cut (chat webhook URLs are credentials). */
  readonly endpointHost: string;
  readonly quarantinedAt: number;
  /** The last failure, as recorded (an HTTP status or a network error). */
  readonly reason: string;
  /** Where to subscribe again once the endpoint works. */
  readonly subscribeUrl: string;
}

/**
 * The one mail an endpoint subscriber's contact address gets when its endpoint kept failing and
 * was quarantined: nothing more is sent to it until an admin re-enables it or it subscribes again.
 */
export function renderEndpointQuarantined(input: EndpointQuarantinedInput): EmailContent {
  const { page } = input;
  return renderEmail({
    page,
    subject: pageSubject(page.name, `Updates to your ${input.channelLabel} are paused`),
    preheader: `Your ${input.channelLabel} at ${input.endpointHost} kept failing; ${page.name} stopped sending to it.`,
    eyebrow: 'Delivery paused',
    heading: `We stopped sending to your ${input.channelLabel}`,
    blocks: [
      {
        kind: 'paragraph',
        text: `Every attempt to deliver ${page.name} updates to your ${input.channelLabel} at ${input.endpointHost} failed for a long time, so since ${formatDateTime(input.quarantinedAt, page.timeZone)} we no longer send to it.`,
      },
      { kind: 'list', title: 'The last failure', items: [{ text: input.reason }] },
      {
        kind: 'paragraph',
        text: `Once the endpoint answers again, subscribe it again or ask the team behind ${page.name} to re-enable it.`,
      },
      { kind: 'button', label: 'Subscribe again', url: input.subscribeUrl, showUrl: true },
    ],
    reason: `You received this one message because this address is the contact for a ${input.channelLabel} subscribed to ${page.name}.`,
    links: null,
  });
}
