import { createHash } from 'node:crypto';
import { lookup } from 'mrmime';
import { strongEtagHash } from '../cache/strong-etag.js';

/** Publish order: what pages link to goes up before the pages (assets, then data), pages last. */
export const OBJECT_KINDS = ['asset', 'data', 'page'] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

/** One object to be published, with everything its PUT carries. */
export interface PublishObject {
  /** Path inside the site, '/'-separated without a leading slash: `incidents/x/index.html`. */
  readonly file: string;
  readonly kind: ObjectKind;
  readonly body: Buffer;
  readonly contentType: string;
  readonly cacheControl: string;
  /** The server's strong ETag for these bytes (fast-path.ts), kept as object metadata. */
  readonly etag: string;
  /** The content hash the incremental publish compares: the ETag's digest. */
  readonly hash: string;
  /** Hex MD5: what S3 reports as the ETag of a single-part upload, to check a bucket without a manifest. */
  readonly md5: string;
}

/** Fingerprinted build output: the name changes whenever the bytes do, so it may be kept for a year. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** Unfingerprinted static files (favicon, robots.txt, scripts without a hash): may change with a deploy. */
export const STATIC_CACHE = 'public, max-age=300';
/** Pages, feeds, the API and badges when the server names no policy: a change shows within a minute. */
export const SHORT_CACHE = 'public, max-age=60';

/** The metadata key holding the server's ETag (S3's own ETag is an MD5 of the body, or of its parts). */
export const ETAG_METADATA = 'beacon-etag';

const TEXT = /^(text\/|application\/(json|javascript|xml|rss\+xml|atom\+xml|manifest\+json)|image\/svg\+xml)/i;

/** A content type from a file name; text gets its charset (everything Beacon writes is UTF-8). */
export function contentTypeOf(file: string): string {
  const type = lookup(file) ?? 'application/octet-stream';
  return TEXT.test(type) ? `${type}; charset=utf-8` : type;
}

function described(file: string, kind: ObjectKind, body: Buffer, contentType: string, cacheControl: string): PublishObject {
  const hash = strongEtagHash(body);
  return { file, kind, body, contentType, cacheControl, etag: `"${hash}"`, hash, md5: createHash('md5').update(body).digest('hex') };
}

/** A file of the build's client folder (`_astro/…` is fingerprinted). */
export function staticObject(file: string, body: Buffer): PublishObject {
  return described(file, 'asset', body, contentTypeOf(file), file.startsWith('_astro/') ? IMMUTABLE_CACHE : STATIC_CACHE);
}

/**
 * A rendered public path: its own content type; the server's Cache-Control when it is a public
 * one (the API's, the badges'), else the short default. HTML pages are pages; the rest is data.
 */
export function renderedObject(file: string, body: Buffer, headers: Headers): PublishObject {
  const contentType = headers.get('content-type') || contentTypeOf(file);
  const own = headers.get('cache-control') ?? '';
  const cacheControl = /^\s*public\b/i.test(own) && /max-age=\d+/i.test(own) ? own : SHORT_CACHE;
  const kind: ObjectKind = /^text\/html\b/i.test(contentType) ? 'page' : 'data';
  return described(file, kind, body, contentType, cacheControl);
}
