import { formatDateTime } from '../src/core/format.js';
import { CONFIRM_TOKEN_HOURS, UNCONFIRMED_RETENTION_DAYS } from '../src/core/subscriber-state.js';
import { renderEmail } from './layout.js';
import { pageSubject } from './subject.js';
import type { EmailContent, EmailPage, SubscriptionLinks } from './types.js';

export interface ConfirmSubscriptionInput {
  readonly page: EmailPage;
  /** Absolute link that confirms the subscription. */
  readonly confirmUrl: string;
  /** `'all'` also covers components added later; otherwise the chosen component names, in page order. */
  readonly components: 'all' | readonly string[];
  /** When the confirm link stops working, epoch ms (shown in the page's zone: the mail may go out late). */
  readonly expiresAt: number;
  /** The address's manage and unsubscribe links, when the caller already has them. */
  readonly links?: SubscriptionLinks;
}

/** The double opt-in mail: the only one an unconfirmed address ever receives. */
export function renderConfirmSubscription(input: ConfirmSubscriptionInput): EmailContent {
  const { page } = input;
  const chosen =
    input.components === 'all'
      ? [{ text: 'All components, including ones added later' }]
      : input.components.map((name) => ({ text: name }));
  return renderEmail({
    page,
    subject: pageSubject(page.name, 'Confirm your subscription'),
    preheader: `Confirm that you want email from ${page.name} about incidents and maintenance.`,
    eyebrow: 'Confirm your subscription',
    heading: `Get ${page.name} updates by email`,
    blocks: [
      {
        kind: 'paragraph',
        text: `Someone, hopefully you, asked for this address to receive email from ${page.name} whenever an incident or planned maintenance affects what they chose. Nothing is sent until the subscription is confirmed.`,
      },
      { kind: 'list', title: 'You asked to hear about', items: chosen },
      { kind: 'button', label: 'Confirm subscription', url: input.confirmUrl, showUrl: true },
      {
        kind: 'paragraph',
        text: `The link works for ${CONFIRM_TOKEN_HOURS} hours, until ${formatDateTime(input.expiresAt, page.timeZone)}.`,
      },
      {
        kind: 'paragraph',
        text: `If this wasn't you, ignore this mail: without confirmation you will not hear from us again, and the address is deleted after ${UNCONFIRMED_RETENTION_DAYS} days.`,
      },
    ],
    reason: `You received this one message because this address was entered on the subscribe form of ${page.name}.`,
    links: input.links ?? null,
  });
}
