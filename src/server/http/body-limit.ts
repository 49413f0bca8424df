import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody } from '../api-v1/errors.js';

/** Paths whose clients read JSON refusals: the write API answers every error as `{message, error}`. */
function wantsJson(req: IncomingMessage): boolean {
  const path = (req.url ?? '/').split('?')[0]!;
  return path === '/api/v1' || path.startsWith('/api/v1/');
}

/** The largest request body accepted anywhere, bytes: a long postmortem is ~100 KB; this is 10× that. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Refused bodies up to this size are read to their end before the connection closes. Closing
 * while the client is still sending makes the kernel answer its data with a reset, which can reach
 * the client before it reads the refusal: it then reports a dropped connection instead of saying
 * the request was too large. Bigger declared bodies are not worth reading; those connections close
 * at once.
 */
const DRAIN_MAX_BYTES = 16 * MAX_BODY_BYTES;

/**
 * Refuses, before any of it reaches the site, a request whose declared body is over the limit
 * (413) or a body sent without a declared length (411: browsers and mail providers always declare
 * it, and counting a stream here would mean consuming it before the site can). The message says
 * what happened and that nothing was saved; below /api/v1 it is JSON like every API refusal.
 * Returns false when the request was refused.
 */
export function enforceBodyLimit(req: IncomingMessage, res: ServerResponse, maxBytes: number = MAX_BODY_BYTES): boolean {
  const refuse = (status: 411 | 413, message: string, drain: boolean): false => {
    const json = wantsJson(req);
    const sentence = `${message} Nothing was saved.`;
    res.writeHead(
      status,
      json
        ? { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'access-control-allow-origin': '*', connection: 'close' }
        : { 'content-type': 'text/plain; charset=utf-8', connection: 'close' },
    );
    const answer = (): void => void res.end(json ? JSON.stringify(errorBody(sentence)) : sentence);
    if (drain) {
      // The status goes out now; the answer ends, and the connection closes, once the body is in.
      res.flushHeaders();
      req.once('end', answer);
    } else {
      answer();
    }
    req.resume();
    return false;
  };
  const length = req.headers['content-length'];
  if (length === undefined) {
    return req.headers['transfer-encoding'] ? refuse(411, 'Send the request with a Content-Length.', false) : true;
  }
  const declared = Number(length);
  if (!Number.isSafeInteger(declared) || declared < 0) return refuse(413, 'The request has an unreadable Content-Length.', false);
  if (declared > maxBytes) return refuse(413, `The request is too large (the limit is ${Math.round(maxBytes / 1024)} KB).`, declared <= DRAIN_MAX_BYTES);
  return true;
}
