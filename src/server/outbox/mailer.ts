import nodemailer from 'nodemailer';
import { classifySendFailure, type SendFailure } from '../../core/delivery.js';

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

/** A pooled SMTP transport (nodemailer). One recipient per message: each subscriber's links are personal. */
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
  return {
    async send(mail: OutgoingMail): Promise<SendResult> {
      try {
        await transport.sendMail({
          from: options.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          inReplyTo: mail.inReplyTo ?? undefined,
          references: mail.references.length > 0 ? [...mail.references] : undefined,
          headers: { ...mail.headers },
        });
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
