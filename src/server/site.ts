import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Rendered } from './cache/fast-path.js';

export type SiteHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface Site {
  /** The built site's request handler (static files and pages). */
  readonly handler: SiteHandler;
  /** Renders a path as an anonymous visitor would get it, through a loopback-only listener. */
  render(pathAndQuery: string): Promise<Rendered>;
  /** The build's folder of static client files (CSS, favicon …). */
  readonly clientDir: string;
  close(): Promise<void>;
}

/**
 * Loads the Astro build in `outDir` (default dist/, or BEACON_OUT_DIR) without letting the adapter
 * start its own server, and opens a loopback listener for rendering whole responses (the cache
 * and the static export need status, headers and body together). The listener is never exposed.
 */
export async function loadSite(outDir: string = process.env.BEACON_OUT_DIR || 'dist'): Promise<Site> {
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const entry = pathToFileURL(resolve(outDir, 'server', 'entry.mjs')).href;
  const { handler } = (await import(entry)) as { handler: SiteHandler };
  const renderer: Server = createServer(handler);
  await new Promise<void>((done) => renderer.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(renderer.address() as AddressInfo).port}`;
  return {
    handler,
    clientDir: resolve(outDir, 'client'),
    async render(pathAndQuery: string): Promise<Rendered> {
      // No cookies or client headers: a public response must not depend on who asked first.
      const res = await fetch(`${base}${pathAndQuery}`, { redirect: 'manual', headers: { 'accept-encoding': 'identity' } });
      return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
    },
    close: () =>
      new Promise<void>((done) => {
        renderer.close(() => done());
        renderer.closeIdleConnections();
      }),
  };
}
