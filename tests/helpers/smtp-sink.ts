import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** What the sink answers; each hook may return an SMTP error to send instead of accepting. */
export interface SinkBehaviour {
  /** Per recipient: e.g. a 550 for an address that "does not exist". */
  rcpt?: (address: string) => { code: number; message: string } | null;
  /** Per message, after the data arrived: e.g. a 451 while "busy". */
  data?: (recipients: readonly string[]) => { code: number; message: string } | null;
  /** Milliseconds to wait before answering each message's data (a slow or stalling relay). */
  delayMs?: number;
}

/** What every accepted message is recorded as, parsed or not: cheap enough for thousands. */
export interface Received {
  readonly to: string;
  readonly messageId: string | null;
}

export interface SmtpSink {
  readonly url: string;
  readonly port: number;
  /** Messages accepted so far, parsed, in arrival order (empty when started with `parse: false`). */
  readonly messages: ParsedMail[];
  /** Every accepted message's recipient and Message-ID, in arrival order. */
  readonly received: Received[];
  /** Change it while running to make the sink refuse or stall. */
  readonly behaviour: SinkBehaviour;
  /** Resolves once `n` messages have been parsed (or rejects after `timeoutMs`). */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

function smtpError(e: { code: number; message: string }): Error {
  return Object.assign(new Error(e.message), { responseCode: e.code });
}

/** A real SMTP server on a loopback port that parses and keeps what it accepts. */
export async function startSmtpSink(behaviour: SinkBehaviour = {}, port = 0, options: { parse?: boolean } = {}): Promise<SmtpSink> {
  const parse = options.parse ?? true;
  const messages: ParsedMail[] = [];
  const received: Received[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Fan-out opens a pool of connections at once.
    maxClients: 200,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const refusal = sink.behaviour.rcpt?.(address.address) ?? null;
      callback(refusal ? smtpError(refusal) : undefined);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const recipients = session.envelope.rcptTo.map((r) => r.address);
        const finish = (): void => {
          const refusal = sink.behaviour.data?.(recipients) ?? null;
          if (refusal) return callback(smtpError(refusal));
          const raw = Buffer.concat(chunks);
          const header = raw.subarray(0, raw.indexOf('\r\n\r\n')).toString('latin1');
          for (const to of recipients) received.push({ to, messageId: /^message-id:\s*(\S+)/im.exec(header)?.[1] ?? null });
          if (!parse) return callback();
          void simpleParser(raw).then((parsed) => {
            messages.push(parsed);
            for (const w of [...waiters]) if (messages.length >= w.n) w.resolve();
            callback();
          });
        };
        if (sink.behaviour.delayMs) setTimeout(finish, sink.behaviour.delayMs);
        else finish();
      });
    },
  });
  // A client killed mid-conversation resets its socket: that is the test's doing, not an error.
  server.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.server.address() as AddressInfo).port;
  const sink: SmtpSink = {
    url: `smtp://127.0.0.1:${actualPort}`,
    port: actualPort,
    messages,
    received,
    behaviour,
    waitFor(n: number, timeoutMs = 15_000): Promise<void> {
      if (messages.length >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${messages.length} of ${n} mails arrived within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return sink;
}
