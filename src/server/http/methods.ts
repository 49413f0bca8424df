import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * The methods any route of Beacon answers. Node's parser accepts about thirty more (TRACE,
 * PROPFIND, …); some of them (TRACE, CONNECT) the Request class the site is built on refuses to
 * construct, which used to surface as a 500 and a stack trace per request. Everything else is
 * answered 501 where requests enter, before the site sees it.
 */
export const SUPPORTED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const SUPPORTED: ReadonlySet<string> = new Set(SUPPORTED_METHODS);
const ALLOW = SUPPORTED_METHODS.join(', ');

export const isSupportedMethod = (method: string | undefined): boolean => method !== undefined && SUPPORTED.has(method);

const message = (method: string): string => `Beacon does not answer ${method} requests; it answers ${ALLOW}.\n`;

/** A raw 501 for a connection that no longer has an HTTP response object (CONNECT, parse errors). */
function rawNotImplemented(socket: Duplex, method: string): void {
  const body = message(method);
  if (!socket.writable) return void socket.destroy();
  socket.end(
    `HTTP/1.1 501 Not Implemented\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nAllow: ${ALLOW}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Answers 501 to a method Beacon does not implement and returns true; false when the request may go on. */
export function refuseUnsupportedMethod(req: IncomingMessage, res: ServerResponse): boolean {
  if (isSupportedMethod(req.method)) return false;
  // The body (if any) is not wanted; reading it lets the connection be reused.
  req.resume();
  res.writeHead(501, { 'content-type': 'text/plain; charset=utf-8', allow: ALLOW, 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : message(req.method ?? 'that'));
  return true;
}

/**
 * Quiet answers for what never becomes a request event: CONNECT (Node hands the socket over, and
 * without a listener drops it unanswered) and methods Node's parser does not know at all (TRACK,
 * made-up ones), which it would answer with a bare 400.
 */
export function answerUnknownMethods(server: Server): void {
  server.on('connect', (req: IncomingMessage, socket: Duplex) => rawNotImplemented(socket, req.method ?? 'CONNECT'));
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // As Node does: answer only when no response on this (kept-alive) connection has begun to go out.
    const inFlight = (socket as unknown as { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
    const mayAnswer = socket.writable && !inFlight?.headersSent && error.code !== 'ECONNRESET';
    if (mayAnswer && error.code === 'HPE_INVALID_METHOD') return rawNotImplemented(socket, 'that method');
    // Node's own answer to the rest (a listener replaces it): a bare status.
    if (mayAnswer) socket.write(`HTTP/1.1 ${NODE_ANSWERS[error.code ?? ''] ?? '400 Bad Request'}\r\nConnection: close\r\n\r\n`);
    socket.destroy();
  });
}

/** The statuses Node's default client-error handler sends for these parser errors. */
const NODE_ANSWERS: Readonly<Record<string, string>> = {
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: '413 Payload Too Large',
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
};
