import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Transform } from 'node:stream';
import { constants as zlib, createBrotliCompress, createGzip } from 'node:zlib';
import { isCompressible } from '../cache/cacheable.js';
import { pickEncoding } from '../cache/encoding.js';

/** Bodies smaller than this (bytes, when declared) are not worth a compressor: the headers cost more. */
const MIN_BYTES = 1_024;

/**
 * Brotli quality for answers compressed as they stream (forms, admin pages): 4 compresses about as
 * well as gzip -6 at a similar speed; the cache pays for quality 6 once per change instead.
 */
const STREAM_BROTLI_QUALITY = 4;

export interface EncodedAnswer {
  readonly headers: OutgoingHttpHeaders;
  /** The compressor to pipe the body through, or null to send it as it is. */
  readonly encoder: Transform | null;
}

/**
 * Compression for an answer the site sends itself (everything the memory cache does not hold:
 * forms, admin pages, /health). Only cached answers used to be compressed, so /subscribe went out
 * uncompressed while the front page was br. Text types only, when the client accepts br or gzip.
 */
export function encodeAnswer(method: string | undefined, acceptEncoding: string | undefined, status: number, headers: IncomingHttpHeaders): EncodedAnswer {
  const type = headers['content-type'];
  if (!isCompressible(type) || headers['content-encoding'] !== undefined || status === 204 || status === 304) return { headers, encoder: null };
  const out: OutgoingHttpHeaders = { ...headers, vary: withAcceptEncoding(headers.vary) };
  const declared = headers['content-length'] === undefined ? null : Number(headers['content-length']);
  const encoding = pickEncoding(acceptEncoding);
  if (method === 'HEAD' || encoding === 'identity' || (declared !== null && declared < MIN_BYTES)) return { headers: out, encoder: null };
  delete out['content-length'];
  out['content-encoding'] = encoding;
  // A strong validator names exact bytes, which these no longer are.
  if (typeof out.etag === 'string' && !out.etag.startsWith('W/')) out.etag = `W/${out.etag}`;
  const encoder =
    encoding === 'br'
      ? createBrotliCompress({ params: { [zlib.BROTLI_PARAM_QUALITY]: STREAM_BROTLI_QUALITY, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT } })
      : createGzip({ level: 6 });
  return { headers: out, encoder };
}

function withAcceptEncoding(vary: string | string[] | undefined): string {
  const names = [vary ?? []].flat().flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '' && v.toLowerCase() !== 'accept-encoding');
  return [...names, 'Accept-Encoding'].join(', ');
}
