import type { IncomingMessage, ServerResponse } from 'node:http';
import { strongEtagHash } from './strong-etag.js';
import { cacheResultIndex, cacheStats } from './cache-stats.js';
import { isCacheablePath, isStorable } from './cacheable.js';
import { compressBodies, type CompressedBodies } from './compress.js';
import { pickEncoding, type Encoding } from './encoding.js';
import type { CachedResponse, ResponseCache } from './response-cache.js';

/** A response rendered by the site for a path, body read in full. */
export interface Rendered {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Buffer;
}

export interface FastPathOptions {
  readonly cache: ResponseCache;
  /** Renders a public path (with its query) as any visitor would see it. */
  readonly render: (pathAndQuery: string) => Promise<Rendered>;
  /** The content version now, or null when it cannot be read (then nothing is served from memory). */
  readonly version: () => number | null;
  readonly now: () => number;
  /** Headers every response to this path carries (security headers), folded into the entry once. */
  readonly baseHeaders: (pathname: string) => Readonly<Record<string, string>>;
  /**
   * True while nothing may be answered from memory (a private page: every answer depends on who
   * asks). Checked before any lookup, so an entry stored while the page was public is never sent.
   */
  readonly bypass?: () => boolean;
}

/** Headers that describe one transfer or one encoding of the body, not the resource: never stored. */
const PER_TRANSFER = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive', 'date', 'etag', 'vary', 'set-cookie']);

/**
 * Pages show relative times and today's uptime bar: an entry also goes stale when the clock minute
 * changes, so nothing shown is more than a minute behind the clock. Content changes invalidate at once.
 */
const minuteOf = (ms: number): number => Math.floor(ms / 60_000);

function entryOf(
  rendered: Rendered,
  compressed: CompressedBodies,
  version: number,
  minute: number,
  base: Readonly<Record<string, string>>,
): CachedResponse {
  // The route's own headers win over the defaults, as they do for responses the site sends itself.
  const headers: Record<string, string> = { ...base };
  rendered.headers.forEach((value, name) => {
    if (!PER_TRANSFER.has(name)) headers[name] = value;
  });
  const vary = (rendered.headers.get('vary') ?? '').split(',').map((v) => v.trim()).filter((v) => v && v.toLowerCase() !== 'accept-encoding');
  headers.vary = [...vary, 'Accept-Encoding'].join(', ');
  const identity = rendered.body;
  const bodies: Record<Encoding, Buffer> = { identity, br: compressed.br, gzip: compressed.gzip };
  const hash = strongEtagHash(identity);
  const etags: Record<Encoding, string> = { identity: `"${hash}"`, br: `"${hash}-br"`, gzip: `"${hash}-gz"` };
  // Everything a hit sends, built once here so a hit only picks a variant and writes it.
  const variant = (encoding: Encoding): Readonly<Record<string, string>> => ({
    ...headers,
    etag: etags[encoding],
    ...(encoding === 'identity' ? {} : { 'content-encoding': encoding }),
    'content-length': String(bodies[encoding].length),
    'x-cache': 'HIT',
  });
  return {
    status: 200,
    headers,
    bodies,
    etags,
    ready: { identity: variant('identity'), br: variant('br'), gzip: variant('gzip') },
    version,
    minute,
  };
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): W/ prefixes are ignored. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/** Browsers send a handful of distinct Accept-Encoding values: parse each once. */
const encodingOf = new Map<string, Encoding>();
function negotiated(header: string | undefined): Encoding {
  const key = header ?? '';
  let found = encodingOf.get(key);
  if (found === undefined) {
    found = pickEncoding(header);
    if (encodingOf.size > 256) encodingOf.clear();
    encodingOf.set(key, found);
  }
  return found;
}

const stats = cacheStats();
const HIT = cacheResultIndex('hit');
const NOT_MODIFIED = cacheResultIndex('not_modified');
const MISS = cacheResultIndex('miss');
const UNCACHEABLE = cacheResultIndex('uncacheable');

function send(req: IncomingMessage, res: ServerResponse, entry: CachedResponse, hit: boolean): void {
  const encoding = negotiated(req.headers['accept-encoding']);
  const etag = entry.etags[encoding];
  // Prepared for hits, the common case: a miss pays for its own copy.
  const headers = hit ? entry.ready[encoding] : { ...entry.ready[encoding], 'x-cache': 'MISS' };
  if (req.headers['if-none-match'] !== undefined && matches(req.headers['if-none-match'], etag)) {
    const { 'content-length': _length, 'content-encoding': _encoding, ...rest } = headers;
    stats[NOT_MODIFIED]! += 1;
    res.writeHead(304, rest);
    res.end();
    return;
  }
  stats[hit ? HIT : MISS]! += 1;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : entry.bodies[encoding]);
}

function sendUncached(req: IncomingMessage, res: ServerResponse, rendered: Rendered, base: Readonly<Record<string, string>>): void {
  const headers: Record<string, string | string[]> = { ...base };
  rendered.headers.forEach((value, name) => {
    if (name !== 'set-cookie' && !['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name)) headers[name] = value;
  });
  const cookies = rendered.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  headers['content-length'] = String(rendered.body.length);
  headers['x-cache'] = 'BYPASS';
  stats[UNCACHEABLE]! += 1;
  res.writeHead(rendered.status, headers);
  res.end(req.method === 'HEAD' ? undefined : rendered.body);
}

/**
 * The fast path in front of the site: public GET/HEAD requests are answered from memory, rendered
 * once per content version (and clock minute) per path; concurrent misses for one path share one
 * render. Returns false for requests it does not handle, which go to the site as usual. A hit is
 * answered synchronously (true); a miss returns a promise of true once answered.
 */
export function createFastPath(options: FastPathOptions): (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean> {
  const inflight = new Map<string, Promise<CachedResponse | Rendered>>();

  async function fill(key: string, pathname: string, version: number, minute: number): Promise<CachedResponse | Rendered> {
    const rendered = await options.render(key);
    if (!isStorable(rendered.status, rendered.headers)) return rendered;
    // Stamped with the version read before rendering: a write during the render leaves it stale, never wrong.
    const entry = entryOf(rendered, await compressBodies(rendered.body), version, minute, options.baseHeaders(pathname));
    options.cache.set(key, entry);
    return entry;
  }

  async function miss(req: IncomingMessage, res: ServerResponse, key: string, pathname: string, version: number, minute: number): Promise<boolean> {
    const flightKey = `${version}:${minute}:${key}`;
    let pending = inflight.get(flightKey);
    if (!pending) {
      pending = fill(key, pathname, version, minute).finally(() => inflight.delete(flightKey));
      inflight.set(flightKey, pending);
    }
    const result = await pending;
    if ('bodies' in result) send(req, res, result, false);
    else sendUncached(req, res, result, options.baseHeaders(pathname));
    return true;
  }

  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const key = req.url ?? '/';
    const query = key.indexOf('?');
    const pathname = query === -1 ? key : key.slice(0, query);
    if (!key.startsWith('/') || !isCacheablePath(pathname)) return false;
    if (options.bypass?.()) return false;
    let version: number | null;
    try {
      version = options.version();
    } catch {
      version = null;
    }
    if (version === null) return false;
    const minute = minuteOf(options.now());
    const cached = options.cache.hit(key, version, minute);
    if (cached) {
      send(req, res, cached, true);
      return true;
    }
    return miss(req, res, key, pathname, version, minute);
  };
}
