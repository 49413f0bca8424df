/**
 * The parent's side of the fan-out benchmark's SMTP sink: starts fanout-sink.ts as a child
 * process (so its CPU does not compete with the sender's event loop) and talks to it over the
 * fork IPC channel, one request answered by one reply, in order.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SinkReply, SinkRequest } from './fanout-protocol.js';

export interface Sink {
  /** `smtp://127.0.0.1:<port>` */
  readonly url: string;
  request(message: SinkRequest): Promise<SinkReply>;
  close(): Promise<void>;
}

export type SinkReport = Extract<SinkReply, { type: 'report' }>;

export async function startSink(): Promise<Sink> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./fanout-sink.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'] });
  const replies: ((reply: SinkReply) => void)[] = [];
  const ready = new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the SMTP sink exited early (${code})`)));
    replies.push((reply) => (reply.type === 'ready' ? resolve(reply.port) : reject(new Error(`unexpected ${reply.type}`))));
  });
  child.on('message', (reply: SinkReply) => replies.shift()?.(reply));
  const port = await ready;
  child.removeAllListeners('exit');
  return {
    url: `smtp://127.0.0.1:${port}`,
    request(message: SinkRequest): Promise<SinkReply> {
      return new Promise((resolve) => {
        replies.push(resolve);
        child.send(message);
      });
    },
    close(): Promise<void> {
      return new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send({ type: 'close' } satisfies SinkRequest);
      });
    },
  };
}

/** What the sink received since its last reset. */
export async function sinkReport(sink: Sink): Promise<SinkReport> {
  const reply = await sink.request({ type: 'report' });
  if (reply.type !== 'report') throw new Error(`the sink answered ${reply.type} to report`);
  return reply;
}
