/**
 * The fan-out benchmark's SMTP sink, run as a child process (started by fanout-sink-client.ts) so its CPU does not
 * compete with the sender's event loop. Unlike tests/helpers/smtp-sink.ts it parses nothing: it
 * drains each message, counts it and remembers its recipient, so the parent can tell a lost mail
 * from a duplicate. Talks to the parent over the fork IPC channel only.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { SinkReply, SinkRequest } from './fanout-protocol.js';

let messages = 0;
let connections = 0;
let bytes = 0;
let recipients = new Set<string>();
let cpuAtReset = process.cpuUsage();

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  disableReverseLookup: true,
  logger: false,
  maxClients: 200,
  onConnect(_session, callback) {
    connections++;
    callback();
  },
  onData(stream, session, callback) {
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    stream.on('end', () => {
      messages++;
      for (const r of session.envelope.rcptTo) recipients.add(r.address);
      callback();
    });
  },
});

function reply(message: SinkReply): void {
  process.send?.(message);
}

process.on('message', (request: SinkRequest) => {
  if (request.type === 'reset') {
    messages = 0;
    connections = 0;
    bytes = 0;
    recipients = new Set();
    cpuAtReset = process.cpuUsage();
    reply({ type: 'reset' });
  } else if (request.type === 'report') {
    const cpu = process.cpuUsage(cpuAtReset);
    reply({ type: 'report', messages, connections, distinctRecipients: recipients.size, bytes, cpuMs: (cpu.user + cpu.system) / 1000 });
  } else {
    server.close(() => process.exit(0));
  }
});

server.listen(0, '127.0.0.1', () => {
  reply({ type: 'ready', port: (server.server.address() as AddressInfo).port });
});
