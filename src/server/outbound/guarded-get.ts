import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isNonPublicAddress } from './address-policy.js';

/** A refusal or failure of an outbound request, as a sentence for the admin page. */
export class OutboundError extends Error {
  override readonly name = 'OutboundError';
}

export interface OutboundOptions {
  /** OUTBOUND_ALLOW_PRIVATE: allow loopback/private/link-local addresses and plain http (a lab or an internal network). */
  readonly allowPrivate: boolean;
  readonly headers?: Readonly<Record<string, string>>;
  /** Whole request, connect to last byte, ms. */
  readonly timeoutMs?: number;
  /** Largest body read, bytes; a longer one is an error, unless `truncate` (then reading just stops there). */
  readonly maxBytes?: number;
  readonly truncate?: boolean;
  /** The resolver behind the guard; tests inject one that answers a name with 127.0.0.1. */
  readonly resolve?: typeof dnsLookup;
  /**
   * Keep connections open and reuse them, at most this many per host (a lane's concurrency).
   * Without it every request opens and closes its own connection.
   */
  readonly keepAliveSockets?: number;
}

export interface OutboundResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export const OUTBOUND_TIMEOUT_MS = 5_000;
export const OUTBOUND_MAX_BYTES = 1024 * 1024;

const refusal = (host: string, address: string): OutboundError =>
  new OutboundError(`${host} resolves to ${address}, a loopback, private or link-local address; Beacon does not send requests there (set OUTBOUND_ALLOW_PRIVATE=true to allow it).`);

/**
 * The DNS lookup every outbound connection uses: the addresses are checked after resolution, at
 * connect time, so a name cannot pass a check and then resolve elsewhere (DNS rebinding).
 * Any non-public address among the answers refuses the lot.
 */
export function guardedLookup(allowPrivate: boolean, resolve: typeof dnsLookup = dnsLookup): LookupFunction {
  return ((hostname: string, options: LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, options.all ? [] : '', 0);
      const bad = addresses.find((a) => isNonPublicAddress(a.address));
      if (bad && !allowPrivate) return callback(refusal(hostname, bad.address), options.all ? [] : '', 0);
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new OutboundError(`${hostname} has no address.`), '', 0);
      callback(null, first.address, first.family);
    });
  }) as LookupFunction;
}

/** Idle pooled connections are closed after this long, ms. */
const IDLE_SOCKET_MS = 15_000;

type PooledAgent = HttpAgent | HttpsAgent;
const agentsByResolver = new WeakMap<typeof dnsLookup, Map<string, PooledAgent>>();

/**
 * A keep-alive agent whose every socket is opened through the guarded lookup. An agent pools by
 * host and port only, never by lookup, so one agent serves one guard setting (allowPrivate and
 * resolver): a socket opened where private addresses were allowed is never handed to a request
 * that forbids them. A pooled socket went through the guard when it connected, so reusing it is
 * as safe as opening it.
 */
function pooledAgent(https: boolean, allowPrivate: boolean, resolve: typeof dnsLookup, maxSockets: number): PooledAgent {
  let agents = agentsByResolver.get(resolve);
  if (!agents) agentsByResolver.set(resolve, (agents = new Map()));
  const key = `${https ? 'https' : 'http'}:${allowPrivate}:${maxSockets}`;
  let agent = agents.get(key);
  if (!agent) {
    const options = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'lifo' as const, timeout: IDLE_SOCKET_MS, lookup: guardedLookup(allowPrivate, resolve) };
    agent = https ? new HttpsAgent(options) : new HttpAgent(options);
    agents.set(key, agent);
  }
  return agent;
}

/** Checks what can be checked before connecting: the scheme, and an address written as such in the URL. */
export function checkOutboundUrl(raw: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundError('That is not a valid URL.');
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) {
    throw new OutboundError('The address must start with https://.');
  }
  if (url.username || url.password) throw new OutboundError('The address must not carry a user name or password.');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // Connecting to an IP literal skips the lookup, so the literal is checked here.
  if (isIP(host) !== 0 && !allowPrivate && isNonPublicAddress(host)) throw refusal(host, host);
  return url;
}

/**
 * GET with the guard: https only, no loopback/private/link-local destination (checked after DNS
 * resolution), no redirects followed (a 3xx is returned as is), a short timeout and a bounded body.
 */
export function guardedGet(raw: string, options: OutboundOptions): Promise<OutboundResponse> {
  return guardedRequest('GET', raw, null, { ...options, headers: { accept: 'application/json', ...options.headers } });
}

/** POST of a body under the same guard as guardedGet. */
export function guardedPost(raw: string, body: string | Buffer, options: OutboundOptions): Promise<OutboundResponse> {
  return guardedRequest('POST', raw, body, options);
}

async function guardedRequest(method: 'GET' | 'POST', raw: string, body: string | Buffer | null, options: OutboundOptions): Promise<OutboundResponse> {
  const url = checkOutboundUrl(raw, options.allowPrivate);
  const timeoutMs = options.timeoutMs ?? OUTBOUND_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? OUTBOUND_MAX_BYTES;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const payload = body === null ? null : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const lookup = guardedLookup(options.allowPrivate, options.resolve);
  const agent = options.keepAliveSockets ? pooledAgent(url.protocol === 'https:', options.allowPrivate, options.resolve ?? dnsLookup, options.keepAliveSockets) : false;
  return new Promise<OutboundResponse>((resolve, reject) => {
    const req = send(url, {
      method,
      headers: { 'user-agent': 'Beacon status page', ...(payload ? { 'content-length': String(payload.length) } : {}), ...options.headers },
      // The agent's own lookup is the same guard; given here too so a fresh socket can never miss it.
      lookup,
      agent,
    });
    const timer = setTimeout(() => req.destroy(new OutboundError(`${url.host} did not answer within ${timeoutMs / 1000} s.`)), timeoutMs);
    const fail = (e: Error): void => {
      clearTimeout(timer);
      reject(e instanceof OutboundError ? e : new OutboundError(`The request to ${url.host} failed: ${e.message}`));
    };
    req.on('error', fail);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = (): void => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      };
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxBytes) return void chunks.push(chunk);
        if (options.truncate) {
          // The status is all we need: stop reading and close, never buffer a hostile answer.
          chunks.push(chunk.subarray(0, chunk.length - (size - maxBytes)));
          done();
          res.destroy();
          return;
        }
        req.destroy(new OutboundError(`The answer from ${url.host} is larger than ${Math.round(maxBytes / 1024)} KiB.`));
      });
      res.on('error', fail);
      res.on('end', done);
    });
    req.end(payload ?? undefined);
  });
}
