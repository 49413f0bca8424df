import { randomBytes } from 'node:crypto';
import { foldLines } from 'nodemailer/lib/mime-funcs';
import MimeNode from 'nodemailer/lib/mime-node';
import { encode, wrap } from 'nodemailer/lib/qp';
import type { Addressing } from './mailer.js';

/**
 * The wire form of a fan-out's mails. Every copy of one update's mail shares its subject and
 * body except for a few personal strings (the subscriber's link tokens), so the body is encoded
 * once and each copy costs a handful of header lines and a join. nodemailer's own builder runs
 * a stream pipeline per message, about 0.5 ms of CPU each, more than the rest of a send.
 */

/** What the mail says, possibly holding slot strings that each copy replaces with its own values. */
export interface MimeContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** A body encoded once: literal chunks (already quoted-printable) and, between them, slot numbers. */
export interface MimeBody {
  readonly subjectLine: string;
  readonly contentType: string;
  readonly chunks: readonly (string | number)[];
}

/** One copy's own header values, and the values for the body's slots in slot order. */
export interface MimeCopy extends Addressing {
  /** From as `encodeAddress` returns it: the same for every copy. */
  readonly from: string;
  /** Epoch ms. */
  readonly date: number;
  readonly values: readonly string[];
}

/** RFC 2045 §6.7: encoded lines stay within 76 characters. */
const LINE = 76;
/** Body pieces wrap one short, leaving room for the soft break that may follow their last line. */
const PIECE = LINE - 1;
/** A soft line break: lets a slot value start and end its own lines without changing the text. */
const SOFT = '=\r\n';
const PLAIN_HEADER = /^[\x21-\x7e][\x20-\x7e]*$/;
const PLAIN_ADDRESS = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+$/;

/** An unstructured header value in its wire form, unfolded: non-ASCII text as encoded words. */
function encodeHeader(name: string, value: string): string {
  return PLAIN_HEADER.test(value) ? value : MimeNode.encodeHeaderValue(name, value);
}

/**
 * A From or To value: `Name <address>` as configured, or one bare address taken as exactly that
 * (never split at a comma). Non-ASCII names become encoded words, non-ASCII domains punycode.
 */
export function encodeAddress(name: 'From' | 'To', value: string | { readonly address: string }): string {
  if (typeof value !== 'string') return PLAIN_ADDRESS.test(value.address) ? value.address : MimeNode.encodeHeaderValue(name, { name: '', address: value.address });
  return MimeNode.encodeHeaderValue(name, value);
}

/**
 * A header line, folded at spaces past LINE characters. The value's first word stays on the
 * name's line, however long (a URL): a value moved to a continuation line is legal, but
 * line-based parsers (some List-Unsubscribe handlers) read it as empty. NUL never occurs in a
 * header value, so it holds that first space while folding.
 */
function headerLine(name: string, value: string): string {
  const line = `${name}: ${value}`;
  return line.length <= LINE ? line : foldLines(`${name}:\0${value}`, LINE).replace('\0', ' ');
}

/** Quoted-printable with CRLF line ends, wrapped; a string ends without a pending soft break. */
function quotedPrintable(text: string): string {
  return wrap(encode(text.replace(/\r?\n|\r/g, '\r\n')), PIECE);
}

/**
 * Splits `text` around every occurrence of the slot strings and encodes the pieces. A slot's
 * value goes on lines of its own (between soft breaks), so no wrap can cut it and any value fits.
 */
function encodedPart(text: string, slots: readonly string[], into: (string | number)[]): void {
  let rest = text;
  for (;;) {
    let at = -1;
    let slot = -1;
    slots.forEach((s, i) => {
      const found = rest.indexOf(s);
      if (found !== -1 && (at === -1 || found < at)) [at, slot] = [found, i];
    });
    if (at === -1) break;
    into.push(`${quotedPrintable(rest.slice(0, at))}${SOFT}`, slot, SOFT);
    rest = rest.slice(at + slots[slot]!.length);
  }
  into.push(quotedPrintable(rest));
}

/**
 * Encodes a mail's subject and its text and HTML alternatives once. `slots` are strings in the
 * text and HTML (not the subject) that each copy replaces; they must not overlap each other.
 */
export function encodeBody(content: MimeContent, slots: readonly string[]): MimeBody {
  // "=_" never occurs in quoted-printable text, so no body line can be mistaken for the boundary.
  const boundary = `=_beacon_${randomBytes(12).toString('hex')}`;
  const chunks: (string | number)[] = [];
  const part = (type: string, text: string): void => {
    chunks.push(`--${boundary}\r\nContent-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n`);
    encodedPart(text, slots, chunks);
    chunks.push('\r\n');
  };
  part('text/plain', content.text);
  part('text/html', content.html);
  chunks.push(`--${boundary}--\r\n`);
  return {
    subjectLine: headerLine('Subject', encodeHeader('Subject', content.subject)),
    contentType: `Content-Type: multipart/alternative; boundary="${boundary}"`,
    chunks,
  };
}

/** RFC 5322 date-time in UTC. */
function dateHeader(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

/** One copy of the mail, ready for the SMTP DATA command (dot-stuffing is the transport's). */
export function mimeMessage(body: MimeBody, copy: MimeCopy): string {
  const lines = [
    headerLine('From', copy.from),
    headerLine('To', encodeAddress('To', { address: copy.to })),
    body.subjectLine,
    `Date: ${dateHeader(copy.date)}`,
    headerLine('Message-ID', copy.messageId),
  ];
  if (copy.inReplyTo !== null) lines.push(headerLine('In-Reply-To', copy.inReplyTo));
  if (copy.references.length > 0) lines.push(headerLine('References', copy.references.join(' ')));
  for (const [name, value] of Object.entries(copy.headers)) lines.push(headerLine(name, encodeHeader(name, value)));
  lines.push('MIME-Version: 1.0', body.contentType, '', '');
  let out = lines.join('\r\n');
  for (const chunk of body.chunks) out += typeof chunk === 'number' ? quotedPrintable(copy.values[chunk] ?? '') : chunk;
  return out;
}
