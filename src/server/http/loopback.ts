import { Agent, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Rendered } from '../cache/fast-path.js';

/**
 * Requests to the site's own listener on 127.0.0.1, over node:http: a forwarded request streams
 * both ways with backpressure, and its headers pass as they came (fetch would add its own).
 */

/** Hop-by-hop headers (RFC 9110 §7.6.1) and Expect: each side of the hop handles its own. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'expect']);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
  return out;
}

/** Kept-alive connections to the loopback listener, shared by renders and forwarded requests. */
export function loopbackAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 256 });
}

/**
 * Renders a path as an anonymous visitor would get it: no cookies or client headers, since a
 * public response must not depend on who asked first; redirects are returned, not followed.
 */
export function renderFrom(agent: Agent, port: number, pathAndQuery: string): Promise<Rendered> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathAndQuery, agent, headers: { 'accept-encoding': 'identity' } }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('error', reject);
      answer.on('end', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(endToEnd(answer.headers))) for (const v of [value ?? []].flat()) headers.append(name, v);
        resolve({ status: answer.statusCode ?? 502, headers, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Hands one client request to the listener and streams the answer back, both ways with
 * backpressure. `extra` headers are added to the forwarded request (the client's address).
 * Answers 503 when the listener cannot be reached (the site is starting again).
 */
export function forwardTo(agent: Agent, port: number, req: IncomingMessage, res: ServerResponse, extra: Readonly<Record<string, string>>): void {
  const upstream = request({ host: '127.0.0.1', port, method: req.method, path: req.url, agent, headers: { ...endToEnd(req.headers), ...extra } });
  upstream.on('response', (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.headers));
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1', 'cache-control': 'no-store' });
    res.end('The site is restarting. Try again in a moment.\n');
  });
  // The client gave up: stop the work on its behalf.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}
