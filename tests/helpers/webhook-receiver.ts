import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { freePort } from './free-port.js';

/** One request as it arrived: headers as Node lower-cases them, and the body's exact bytes. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: Buffer;
  /** `rawBody` parsed as JSON, or null when it is not JSON. */
  readonly json: unknown;
  readonly receivedAt: number;
}

/** What the receiver does with the next request; change it while running. */
export interface ReceiverBehaviour {
  /** HTTP status to answer with (default 200). */
  status?: number;
  /** Milliseconds to wait before answering (a slow endpoint). */
  delayMs?: number;
  /** Close the connection without answering (a crashed or unreachable endpoint). */
  drop?: boolean;
  /** Response body (default "ok"). */
  body?: string;
  /** Extra response headers, e.g. a `location` to check redirects are not followed. */
  headers?: Readonly<Record<string, string>>;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>`; append any path. */
  readonly url: string;
  readonly port: number;
  /** Every request that arrived, in arrival order, answered or not. */
  readonly requests: ReceivedRequest[];
  behaviour: ReceiverBehaviour;
  /** Per request, overriding `behaviour` (e.g. fail the first two, then accept). */
  respond: ((request: ReceivedRequest, index: number) => ReceiverBehaviour) | null;
  /** Resolves once `n` requests have arrived (or rejects after `timeoutMs`). */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

/**
 * A real HTTP server on a free loopback port that records every request and answers as told.
 * `record: false` keeps only a count's worth of entries without bodies (for load benchmarks).
 */
export async function startWebhookReceiver(behaviour: ReceiverBehaviour = {}, options: { record?: boolean } = {}): Promise<WebhookReceiver> {
  const record = options.record ?? true;
  const port = await freePort();
  const requests: ReceivedRequest[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = record ? Buffer.concat(chunks) : Buffer.alloc(0);
      const entry: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: record ? req.headers : {},
        rawBody,
        json: record ? parseJson(rawBody) : null,
        receivedAt: Date.now(),
      };
      const index = requests.length;
      requests.push(entry);
      for (const w of [...waiters]) if (requests.length >= w.n) w.resolve();
      const how = receiver.respond?.(entry, index) ?? receiver.behaviour;
      const answer = (): void => {
        if (how.drop) {
          req.socket.destroy();
          return;
        }
        res.writeHead(how.status ?? 200, { 'content-type': 'text/plain', ...how.headers });
        res.end(how.body ?? 'ok');
      };
      if (how.delayMs) setTimeout(answer, how.delayMs);
      else answer();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // Clients that go away mid-request (timeouts, killed workers) are the test's doing.
  server.on('clientError', (_e, socket) => socket.destroy());
  server.keepAliveTimeout = 5_000;
  server.maxConnections = 2_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const receiver: WebhookReceiver = {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    behaviour,
    respond: null,
    waitFor(n, timeoutMs = 10_000) {
      if (requests.length >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const waiter = { n, resolve: (): void => (clearTimeout(timer), resolve()) };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`webhook receiver: ${requests.length} of ${n} requests after ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return receiver;
}
