import nodemailer from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import { classifySendFailure, type SendFailure } from '../../core/delivery.js';
import { encodeAddress, encodeBody, mimeMessage, type MimeBody, type MimeContent } from './mime.js';

export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** With angle brackets, stable per (message, subscriber) so a resend after a crash is recognisable. */
  readonly messageId: string;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  /** Extra headers (List-Unsubscribe …). */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * Set when text and HTML are a rendering shared by a whole fan-out with this copy's values
   * put in its slots: the transport then encodes the shared body once, not per mail.
   */
  readonly personal?: { readonly shared: SharedRendering; readonly values: readonly string[] };
}

/** Whom a mail goes to and how it threads: everything but what it says. */
export type Addressing = Omit<OutgoingMail, 'subject' | 'text' | 'html' | 'personal'>;

/** One rendering of a mail for many recipients; `slots` are the strings each copy replaces. */
export interface SharedRendering {
  readonly content: MimeContent;
  readonly slots: readonly string[];
}

export type SendResult = { readonly ok: true } | { readonly ok: false; readonly failure: SendFailure; readonly error: string };

export interface Mailer {
  send(mail: OutgoingMail): Promise<SendResult>;
  close(): void;
}

export interface SmtpOptions {
  /** smtp:// or smtps:// URL with credentials if any. */
  readonly url: string;
  readonly from: string;
  /** Connections kept open to the relay; also the number of mails in flight. */
  readonly poolSize: number;
  /** Longest silence on a connection before giving up, ms; must stay below the outbox lease. */
  readonly socketTimeoutMs: number;
}

interface SmtpError {
  readonly code?: string;
  readonly command?: string;
  readonly responseCode?: number;
  readonly response?: string;
  readonly message?: string;
  readonly rejectedErrors?: readonly SmtpError[];
}

function stageOf(command: string | undefined, code: string | undefined): 'connection' | 'sender' | 'recipient' | 'data' {
  if (code === 'EENVELOPE' || /^RCPT/i.test(command ?? '')) return 'recipient';
  if (/^MAIL/i.test(command ?? '')) return 'sender';
  if (/^DATA|^\.|^BDAT/i.test(command ?? '')) return 'data';
  return 'connection';
}

/** Turns whatever nodemailer threw into our two kinds of failure, with a line an admin can read. */
export function describeSmtpError(error: unknown): { failure: SendFailure; error: string } {
  const e = (error ?? {}) as SmtpError;
  const inner = e.rejectedErrors?.[0];
  const responseCode = e.responseCode ?? inner?.responseCode ?? null;
  const stage = stageOf(e.command ?? inner?.command, e.code);
  const text = (inner?.response ?? e.response ?? e.message ?? String(error)).replace(/\s+/g, ' ').trim();
  return { failure: classifySendFailure(responseCode, stage), error: `${e.code ?? 'SMTP'}${responseCode ? ` ${responseCode}` : ''}: ${text}` };
}

/**
 * A pooled SMTP transport (nodemailer). One recipient per message: each subscriber's links are
 * personal. Messages are written by mime.ts and handed over whole (`raw`, with the envelope):
 * a fan-out's body is encoded once, where nodemailer's builder would rebuild it for every copy.
 */
export function createSmtpMailer(options: SmtpOptions): Mailer {
  // One options object with `url` inside: given as createTransport(url, {…}), the second argument
  // would be taken as message defaults and the pool settings silently ignored.
  const transport = nodemailer.createTransport({
    url: options.url,
    pool: true,
    maxConnections: options.poolSize,
    // Every connection serves many messages; reconnects only on failure.
    maxMessages: Infinity,
    connectionTimeout: Math.min(15_000, options.socketTimeoutMs),
    greetingTimeout: Math.min(15_000, options.socketTimeoutMs),
    socketTimeout: options.socketTimeoutMs,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  const from = encodeAddress('From', options.from);
  const sender = addressparser(options.from, { flatten: true })[0]?.address ?? options.from;
  const bodies = new WeakMap<SharedRendering, MimeBody>();
  const bodyOf = (mail: OutgoingMail): MimeBody => {
    if (!mail.personal) return encodeBody(mail, []);
    const { shared } = mail.personal;
    let body = bodies.get(shared);
    if (!body) bodies.set(shared, (body = encodeBody(shared.content, shared.slots)));
    return body;
  };
  return {
    async send(mail: OutgoingMail): Promise<SendResult> {
      try {
        const raw = mimeMessage(bodyOf(mail), {
          from,
          to: mail.to,
          messageId: mail.messageId,
          inReplyTo: mail.inReplyTo,
          references: mail.references,
          headers: mail.headers,
          date: Date.now(),
          values: mail.personal?.values ?? [],
        });
        await transport.sendMail({ envelope: { from: sender, to: [mail.to] }, raw });
        return { ok: true };
      } catch (error) {
        return { ok: false, ...describeSmtpError(error) };
      }
    },
    close(): void {
      transport.close();
    },
  };
}
