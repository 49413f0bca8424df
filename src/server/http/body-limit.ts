import type { IncomingMessage, ServerResponse } from 'node:http';

/** The largest request body accepted anywhere, bytes: a long postmortem is ~100 KB; this is 10× that. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Refuses, before any of it reaches the site, a request whose declared body is over the limit
 * (413) or a body sent without a declared length (411: browsers and mail providers always declare
 * it, and counting a stream here would mean consuming it before the site can). The message says
 * what happened and that nothing was saved. Returns false when the request was refused.
 */
export function enforceBodyLimit(req: IncomingMessage, res: ServerResponse, maxBytes: number = MAX_BODY_BYTES): boolean {
  const refuse = (status: 411 | 413, message: string): false => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
    res.end(`${message} Nothing was saved.`);
    req.resume();
    return false;
  };
  const length = req.headers['content-length'];
  if (length === undefined) {
    return req.headers['transfer-encoding'] ? refuse(411, 'Send the request with a Content-Length.') : true;
  }
  const declared = Number(length);
  if (!Number.isSafeInteger(declared) || declared < 0) return refuse(413, 'The request has an unreadable Content-Length.');
  if (declared > maxBytes) return refuse(413, `The request is too large (the limit is ${Math.round(maxBytes / 1024)} KB).`);
  return true;
}
