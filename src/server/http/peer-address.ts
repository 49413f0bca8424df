import type { IncomingMessage } from 'node:http';
import { constantTimeEqual } from '@oslojs/crypto/subtle';

/**
 * The client's address across the hop from the server's main thread to the site's thread. The
 * site sees every forwarded request arrive from 127.0.0.1; this header carries the real peer,
 * and the site takes it only with the per-process secret, so nothing else that can reach the
 * loopback port (another local user, a client's own header) can pick an address. It is not
 * X-Forwarded-For: that header is the client's own claim unless TRUST_PROXY says a proxy in front
 * sets it, and is dropped otherwise (dropUntrustedForwardedFor).
 */
export const PEER_HEADER = 'x-beacon-peer';

export function peerHeaderValue(secret: string, address: string | undefined): string {
  return `${secret} ${address ?? ''}`;
}

const encoder = new TextEncoder();

/**
 * Makes `req.socket.remoteAddress` the address the header names when it carries `secret`, and
 * the socket's own otherwise. Always removes the header: pages never see the secret. Sockets
 * are reused across requests, one at a time, so the address is set (or reset) on every request.
 */
export function adoptPeerAddress(req: IncomingMessage, secret: string): void {
  const value = req.headers[PEER_HEADER];
  delete req.headers[PEER_HEADER];
  delete (req.socket as { remoteAddress?: string }).remoteAddress;
  if (typeof value !== 'string') return;
  const space = value.indexOf(' ');
  const given = value.slice(0, space);
  const address = value.slice(space + 1);
  if (space <= 0 || address === '' || !constantTimeEqual(encoder.encode(given), encoder.encode(secret))) return;
  Object.defineProperty(req.socket, 'remoteAddress', { value: address, configurable: true });
}

/**
 * Without a trusted proxy in front, X-Forwarded-For is whatever the client chose to send. The site
 * takes the client's address from it when present (Astro's clientAddress), so it is removed here:
 * the header then changes nothing, neither the address limits count against nor anything shown.
 */
export function dropUntrustedForwardedFor(req: IncomingMessage, trustProxy: boolean): void {
  if (!trustProxy) delete req.headers['x-forwarded-for'];
}
