import {
  BACKGROUND_COLOUR,
  BORDER_COLOUR,
  MUTED_COLOUR,
  SURFACE_COLOUR,
  TEXT_COLOUR,
  brandColour,
  linkColourOn,
  textColourOn,
} from './colours.js';
import { escapeHtml } from '../src/core/escape-html.js';
import { subjectLine } from './subject.js';
import type { EmailContent, EmailPage, SubscriptionLinks } from './types.js';

/**
 * The parts a mail is made of. Every string here is plain text and is escaped by the layout;
 * the one exception is `message.html`, which the caller has sanitised. Renderers describe a mail
 * once as blocks and the layout turns it into both the HTML and the plain-text version, so the
 * two never drift apart.
 */
export type EmailBlock =
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'facts'; readonly rows: readonly EmailFact[] }
  | { readonly kind: 'list'; readonly title: string; readonly items: readonly EmailListItem[] }
  | { readonly kind: 'message'; readonly html: string; readonly text: string }
  | { readonly kind: 'button'; readonly label: string; readonly url: string; readonly showUrl: boolean };

export interface EmailFact {
  readonly label: string;
  readonly value: string;
  /** Colour of the value in HTML; the value itself must say the same in words. */
  readonly colour?: string;
}

export interface EmailListItem {
  readonly text: string;
  readonly note?: string;
  readonly noteColour?: string;
}

export interface EmailDocument {
  readonly page: EmailPage;
  /** Raw subject; made single-line and capped here. */
  readonly subject: string;
  /** The preview line inbox lists show after the subject. */
  readonly preheader: string;
  /** What kind of mail this is, above the heading: "Incident update". */
  readonly eyebrow: string;
  readonly heading: string;
  readonly blocks: readonly EmailBlock[];
  /** Why the reader gets this mail. */
  readonly reason: string;
  /** Null only for the confirmation mail, sent before any subscription exists. */
  readonly links: SubscriptionLinks | null;
}

const FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif";

/**
 * Links go into href attributes and plain text as given, so they must be absolute web URLs:
 * a relative link is dead in a mail client and any other scheme is not ours to send.
 */
export function absoluteUrl(url: string): string {
  if (!/^https?:\/\/[^\s/?#]+[^\s]*$/i.test(url)) throw new TypeError(`mail links must be absolute http(s) URLs, got ${JSON.stringify(url)}`);
  return url;
}

/** Why an active subscriber gets a notification. */
export function subscriberReason(pageName: string): string {
  return `You receive this because you subscribed to incident and maintenance updates from ${pageName}.`;
}

export function renderEmail(doc: EmailDocument): EmailContent {
  return { subject: subjectLine(doc.subject), text: renderText(doc), html: renderHtml(doc) };
}

function renderText(doc: EmailDocument): string {
  const sections: string[] = [`${doc.page.name}\n${'='.repeat(Math.min(72, Math.max(3, Array.from(doc.page.name).length)))}`];
  sections.push(`${doc.eyebrow}\n\n${doc.heading}`);
  for (const block of doc.blocks) sections.push(textBlock(block));
  const footer = [`-- `, doc.reason, `Status page: ${absoluteUrl(doc.page.url)}`];
  if (doc.links) {
    footer.push(`Manage your subscription: ${absoluteUrl(doc.links.manageUrl)}`);
    footer.push(`Unsubscribe: ${absoluteUrl(doc.links.unsubscribeUrl)}`);
  }
  sections.push(footer.join('\n'));
  return `${sections.join('\n\n')}\n`;
}

function textBlock(block: EmailBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return block.text;
    case 'facts': {
      const width = Math.max(...block.rows.map((r) => r.label.length)) + 1;
      return block.rows.map((r) => `${`${r.label}:`.padEnd(width)} ${r.value}`).join('\n');
    }
    case 'list':
      return [`${block.title}:`, ...block.items.map((i) => `- ${i.text}${i.note ? `: ${i.note}` : ''}`)].join('\n');
    case 'message':
      return block.text.replace(/\r\n?/g, '\n').trim();
    case 'button':
      return `${block.label}:\n${absoluteUrl(block.url)}`;
  }
}

function renderHtml(doc: EmailDocument): string {
  const brand = brandColour(doc.page.brandColor);
  const pageUrl = escapeHtml(absoluteUrl(doc.page.url));
  const name = escapeHtml(doc.page.name);
  const preheader = escapeHtml(subjectLine(doc.preheader));
  const body = doc.blocks.map((b) => htmlBlock(b, brand)).join('\n');
  const links = doc.links
    ? `<br><a href="${escapeHtml(absoluteUrl(doc.links.manageUrl))}" style="color:${MUTED_COLOUR};text-decoration:underline;">Manage your subscription</a> · <a href="${escapeHtml(absoluteUrl(doc.links.unsubscribeUrl))}" style="color:${MUTED_COLOUR};text-decoration:underline;">Unsubscribe</a>`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(subjectLine(doc.subject))}</title>
</head>
<body style="margin:0;padding:0;background-color:${BACKGROUND_COLOUR};color:${TEXT_COLOUR};${FONT};font-size:15px;line-height:1.5;">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">${preheader}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:${BACKGROUND_COLOUR};">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background-color:${SURFACE_COLOUR};border:1px solid ${BORDER_COLOUR};border-top:4px solid ${brand};border-radius:10px;">
<tr><td style="padding:20px 28px 0;${FONT};font-size:17px;font-weight:700;"><a href="${pageUrl}" style="color:${TEXT_COLOUR};text-decoration:none;">${name}</a></td></tr>
<tr><td style="padding:16px 28px 12px;${FONT};font-size:15px;line-height:1.5;color:${TEXT_COLOUR};">
<p style="margin:0 0 4px;font-size:13px;font-weight:600;letter-spacing:0.04em;text-transform:uppercase;color:${MUTED_COLOUR};">${escapeHtml(doc.eyebrow)}</p>
<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3;font-weight:700;color:${TEXT_COLOUR};">${escapeHtml(doc.heading)}</h1>
${body}
</td></tr>
</table>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;">
<tr><td style="padding:16px 28px;${FONT};font-size:13px;line-height:1.5;color:${MUTED_COLOUR};">${escapeHtml(doc.reason)}<br><a href="${pageUrl}" style="color:${MUTED_COLOUR};text-decoration:underline;">${name}</a>${links}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

function htmlBlock(block: EmailBlock, brand: string): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p style="margin:0 0 16px;">${escapeHtml(block.text)}</p>`;
    case 'facts': {
      const rows = block.rows.map((r) => {
        const value = r.colour
          ? `<span style="color:${r.colour};font-weight:600;">${escapeHtml(r.value)}</span>`
          : escapeHtml(r.value);
        return `<tr><th scope="row" align="left" style="padding:3px 16px 3px 0;font-weight:600;color:${MUTED_COLOUR};white-space:nowrap;vertical-align:top;">${escapeHtml(r.label)}</th><td style="padding:3px 0;vertical-align:top;">${value}</td></tr>`;
      });
      return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px;font-size:15px;">\n${rows.join('\n')}\n</table>`;
    }
    case 'list': {
      const items = block.items.map((i) => {
        const note = i.note
          ? ` — <span style="${i.noteColour ? `color:${i.noteColour};` : ''}font-weight:600;">${escapeHtml(i.note)}</span>`
          : '';
        return `<li style="margin:0 0 4px;">${escapeHtml(i.text)}${note}</li>`;
      });
      return `<h2 style="margin:0 0 8px;font-size:16px;font-weight:700;">${escapeHtml(block.title)}</h2>\n<ul style="margin:0 0 16px;padding-left:20px;">\n${items.join('\n')}\n</ul>`;
    }
    case 'message':
      return `<div style="margin:0 0 16px;padding:4px 0 4px 14px;border-left:3px solid ${BORDER_COLOUR};">${block.html}</div>`;
    case 'button': {
      const url = escapeHtml(absoluteUrl(block.url));
      const button = `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:4px 0 16px;"><tr><td style="border-radius:6px;background-color:${brand};"><a href="${url}" style="display:inline-block;padding:10px 18px;font-weight:600;color:${textColourOn(brand)};text-decoration:none;border-radius:6px;">${escapeHtml(block.label)}</a></td></tr></table>`;
      if (!block.showUrl) return button;
      return `${button}\n<p style="margin:0 0 16px;font-size:13px;color:${MUTED_COLOUR};">If the button does not work, copy this address into your browser:<br><a href="${url}" style="color:${linkColourOn(SURFACE_COLOUR, brand)};word-break:break-all;">${url}</a></p>`;
    }
  }
}
