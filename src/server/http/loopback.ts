import { Agent, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import type { Rendered } from '../cache/fast-path.js';
import { encodeAnswer } from './response-encoding.js';

/**
 * Requests to the site's own listener on 127.0.0.1, over node:http: a forwarded request streams
 * both ways with backpressure, and its headers pass as they came (fetch would add its own).
 */

/** Hop-by-hop headers (RFC 9110 §7.6.1) and Expect: each side of the hop handles its own. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'expect']);

/** The headers that may cross the hop: not the hop-by-hop ones, nor those Connection names as such. */
function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const named = new Set((headers.connection ?? '').toLowerCase().split(',').map((n) => n.trim()));
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name) && !named.has(name) && value !== undefined) out[name] = value;
  return out;
}

/**
 * How long an idle kept-alive connection to the listener is kept, ms. The listener must keep
 * them longer (LOOPBACK_KEEP_ALIVE_MS), so that it never closes one just as a request is sent on it.
 */
const AGENT_IDLE_MS = 30_000;
export const LOOPBACK_KEEP_ALIVE_MS = 60_000;
/** Longest a render for the cache may take before the request is answered by forwarding instead, ms. */
const RENDER_TIMEOUT_MS = 30_000;

/**
 * Kept-alive connections to the loopback listener. No cap on their number: a capped pool would
 * let a few hundred slow clients (a trickled form body, a slow reader) hold every connection and
 * queue everything else, renders for the cache included.
 */
export function loopbackAgent(): Agent {
  return new Agent({ keepAlive: true, timeout: AGENT_IDLE_MS });
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
    req.setTimeout(RENDER_TIMEOUT_MS, () => req.destroy(new Error(`the site took over ${RENDER_TIMEOUT_MS / 1000} s to render ${pathAndQuery}`)));
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
    const status = answer.statusCode ?? 502;
    const { headers, encoder } = encodeAnswer(req.method, req.headers['accept-encoding'], status, endToEnd(answer.headers));
    res.writeHead(status, answer.statusMessage, headers);
    // An answer cut off mid-body (the page threw while streaming, the thread died) must end the
    // client's response too: pipe() would leave it waiting for the rest forever.
    const done = (error: NodeJS.ErrnoException | null): void => {
      if (error) res.destroy();
    };
    if (encoder) pipeline(answer, encoder, res, done);
    else pipeline(answer, res, done);
  });
  upstream.on('error', () => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    answerRestarting(res);
  });
  // The client gave up: stop the work on its behalf.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}

/** What a request the site cannot take right now gets: a 503 a person understands, retry soon. */
export function answerRestarting(res: ServerResponse): void {
  res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1', 'cache-control': 'no-store' });
  res.end('The site is restarting. Try again in a moment.\n');
}
