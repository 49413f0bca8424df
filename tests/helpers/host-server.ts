import { createReadStream } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for a third-party site: a second HTTP server (another port, so another origin)
 * serving pages the test writes, plus files it names, e.g. a vendor script from node_modules.
 */
export interface HostServer {
  readonly url: string;
  /** Serves `html` at a fresh path and returns its absolute URL. */
  page(html: string): string;
  stop(): Promise<void>;
}

export async function startHostServer(files: Record<string, { path: string; type: string }> = {}): Promise<HostServer> {
  const pages: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://host').pathname;
    const file = files[path];
    if (file) {
      res.writeHead(200, { 'content-type': file.type });
      createReadStream(file.path).pipe(res);
      return;
    }
    const m = /^\/p\/(\d+)$/.exec(path);
    const html = m ? pages[Number(m[1])] : undefined;
    if (html === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    page(html: string): string {
      pages.push(html);
      return `${url}/p/${pages.length - 1}`;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
