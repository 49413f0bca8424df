import { formatDateTime } from '../src/core/format.js';
import { renderEmail, subscriberReason } from './layout.js';
import { eventSubject } from './subject.js';
import type { EmailContent, EmailMessage, EmailPage, SubscriptionLinks } from './types.js';

export interface PostmortemPublishedInput {
  readonly page: EmailPage;
  readonly incident: {
    readonly title: string;
    readonly reference: string;
    /** Absolute link to the incident's public page, where the postmortem is shown. */
    readonly url: string;
  };
  readonly postmortem: {
    /** Epoch ms. */
    readonly publishedAt: number;
    readonly body: EmailMessage;
  };
  readonly links: SubscriptionLinks;
}

/** The postmortem of a resolved incident, in full; it threads with the incident's updates. */
export function renderPostmortemPublished(input: PostmortemPublishedInput): EmailContent {
  const { page, incident, postmortem } = input;
  return renderEmail({
    page,
    subject: eventSubject(page.name, incident.title),
    preheader: `Postmortem published: ${postmortem.body.bodyText}`,
    eyebrow: 'Postmortem published',
    heading: incident.title,
    blocks: [
      {
        kind: 'facts',
        rows: [
          { label: 'Reference', value: incident.reference },
          { label: 'Published', value: formatDateTime(postmortem.publishedAt, page.timeZone) },
        ],
      },
      { kind: 'message', html: postmortem.body.bodyHtml, text: postmortem.body.bodyText },
      { kind: 'button', label: 'Read it on the status page', url: incident.url, showUrl: false },
    ],
    reason: subscriberReason(page.name),
    links: input.links,
  });
}
