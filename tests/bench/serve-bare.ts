/**
 * The serving benchmark's baseline: a bare node:http server, run as a child process (see serve.ts),
 * answering from memory the bytes Beacon sent for the same path and encoding, with the same
 * headers. It does the least any server must do (pick the body by Accept-Encoding, write it), so
 * Beacon ÷ bare is the share of a static server's speed Beacon keeps.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { BareReply, BareRequest, RecordedResponse } from './serve-protocol.js';

interface Prepared {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

let routes = new Map<string, Record<'br' | 'gzip' | 'identity', Prepared>>();

const prepared = (r: RecordedResponse): Prepared => ({ headers: r.headers, body: Buffer.from(r.body, 'base64') });

const server = createServer((req, res) => {
  const route = routes.get(req.url ?? '/');
  if (!route) {
    res.writeHead(404).end();
    return;
  }
  const accept = req.headers['accept-encoding'] ?? '';
  const chosen = accept.includes('br') ? route.br : accept.includes('gzip') ? route.gzip : route.identity;
  res.writeHead(200, chosen.headers);
  res.end(chosen.body);
});

// Measured as Beacon measures its main thread (src/server/metrics/main-thread-lag.ts), the 10 ms
// sampling period taken off.
const RESOLUTION_MS = 10;
const lag = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
const delayMs = (ns: number): number => Math.max(0, ns / 1e6 - RESOLUTION_MS);
lag.enable();

function reply(message: BareReply): void {
  process.send?.(message);
}

process.on('message', (request: BareRequest) => {
  if (request.type === 'lag') {
    reply({ type: 'lag', p99: lag.count ? delayMs(lag.percentile(99)) : NaN, max: lag.count ? delayMs(lag.max) : NaN });
    lag.reset();
    return;
  }
  if (request.type === 'close') {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    return;
  }
  routes = new Map(
    Object.entries(request.responses).map(([path, byEncoding]) => [
      path,
      { br: prepared(byEncoding.br), gzip: prepared(byEncoding.gzip), identity: prepared(byEncoding.identity) },
    ]),
  );
  reply({ type: 'serving' });
});

server.listen(0, '127.0.0.1', () => reply({ type: 'ready', port: (server.address() as AddressInfo).port }));
