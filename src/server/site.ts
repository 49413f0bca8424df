import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Rendered } from './cache/fast-path.js';
import { LOOPBACK_KEEP_ALIVE_MS, loopbackAgent, renderFrom } from './http/loopback.js';

export type SiteHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface Site {
  /** Answers a request the fast path did not (admin, forms, misses, static files). */
  readonly handler: SiteHandler;
  /** Renders a path as an anonymous visitor would get it. */
  render(pathAndQuery: string): Promise<Rendered>;
  /** The build's folder of static client files (CSS, favicon …). */
  readonly clientDir: string;
  close(): Promise<void>;
}

/** The build in `outDir` (default dist/, or BEACON_OUT_DIR). */
export const siteOutDir = (outDir?: string): string => resolve(outDir || process.env.BEACON_OUT_DIR || 'dist');

/** What the adapter's entry module exports: its request handler, and each page's code by source path, loaded on demand. */
interface SiteEntry {
  readonly handler: SiteHandler;
  readonly pageMap?: ReadonlyMap<string, () => Promise<unknown>>;
}

/** The built site's request handler, imported without letting the adapter start its own server. */
export async function siteHandler(outDir: string): Promise<SiteHandler> {
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const entry = (await import(pathToFileURL(resolve(outDir, 'server', 'entry.mjs')).href)) as SiteEntry;
  await loadFirstRequestCode(outDir, entry);
  return entry.handler;
}

/**
 * Astro loads the middleware and each page's code on the first request that needs them, and the
 * adapter turns each request into a fetch `Request`, whose implementation Node loads on first use.
 * Together a quarter of a second: loaded now, before the site answers anyone, so the first visitor
 * after a restart does not wait for them. Nothing is rendered and nothing is read.
 */
async function loadFirstRequestCode(outDir: string, entry: SiteEntry): Promise<void> {
  const middleware = resolve(outDir, 'server', '_astro-internal_middleware.mjs');
  if (existsSync(middleware)) await import(pathToFileURL(middleware).href);
  await entry.pageMap?.get('src/pages/index.astro')?.();
  await new Response(new Request('http://localhost/', { headers: { accept: 'text/html' } }).body).arrayBuffer();
}

/** Listens on a loopback port only, never exposed: for whole-response renders and forwarded requests. */
export async function listenOnLoopback(handler: SiteHandler): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  server.keepAliveTimeout = LOOPBACK_KEEP_ALIVE_MS;
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, port: (server.address() as AddressInfo).port };
}

/**
 * Loads the site into this thread (the static export's way). The server runs it on a thread of
 * its own instead (site-thread.ts). Renders go through a loopback listener: the cache and the
 * export need status, headers and body together.
 */
export async function loadSite(outDir?: string): Promise<Site> {
  const dir = siteOutDir(outDir);
  const handler = await siteHandler(dir);
  const { server, port } = await listenOnLoopback(handler);
  const agent = loopbackAgent();
  return {
    handler,
    clientDir: resolve(dir, 'client'),
    render: (pathAndQuery) => renderFrom(agent, port, pathAndQuery),
    close: () =>
      new Promise<void>((done) => {
        agent.destroy();
        server.close(() => done());
        server.closeIdleConnections();
      }),
  };
}
