/** Where a publish goes: a bucket and a key prefix inside it ('' or ending in '/'). */
export interface ObjectStorageTarget {
  readonly bucket: string;
  readonly prefix: string;
}

/** Whether STATIC_EXPORT_DIR (or the export's argument) names object storage rather than a folder. */
export const isObjectStorageUrl = (raw: string): boolean => /^s3:\/\//i.test(raw.trim());

/**
 * `s3://bucket/prefix` → bucket and prefix. Bucket names follow S3's rules (3–63 lower-case
 * letters, digits, dots, hyphens); the prefix loses surrounding slashes and gains one at the end.
 * Throws a sentence an operator understands.
 */
export function parseObjectStorageUrl(raw: string): ObjectStorageTarget {
  const match = /^s3:\/\/([^/]*)(?:\/(.*))?$/i.exec(raw.trim());
  if (!match) throw new Error(`"${raw}" is not an object storage address; write it as s3://bucket/prefix.`);
  const bucket = match[1]!;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new Error(`"${bucket}" is not a valid bucket name: 3 to 63 lower-case letters, digits, dots or hyphens.`);
  }
  const path = (match[2] ?? '').replace(/^\/+|\/+$/g, '');
  if (path.split('/').some((p) => p === '.' || p === '..')) throw new Error(`The prefix "${path}" may not contain "." or ".." segments.`);
  return { bucket, prefix: path ? `${path}/` : '' };
}
