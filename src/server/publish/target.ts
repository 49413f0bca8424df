import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

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

/** The custom endpoint for S3 (MinIO, R2, B2 …), from the AWS SDK's own variables; null for AWS itself. */
export function customEndpoint(env: NodeJS.ProcessEnv): string | null {
  return env.AWS_ENDPOINT_URL_S3?.trim() || env.AWS_ENDPOINT_URL?.trim() || null;
}

/**
 * A client from the standard AWS variables and credential chain. With a custom endpoint, path-style
 * addressing: most S3-compatible servers have no per-bucket host names. The SDK insists on a
 * region even where the server ignores it, so `us-east-1` stands in for a custom endpoint when
 * none is configured; against AWS itself the SDK's chain (AWS_REGION, the profile) decides.
 */
export function objectStorageClient(env: NodeJS.ProcessEnv = process.env): S3Client {
  const endpoint = customEndpoint(env);
  const region = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || (endpoint ? 'us-east-1' : undefined);
  const config: S3ClientConfig = {
    ...(region ? { region } : {}),
    // Retries are the publisher's (with its own backoff and status); the SDK's own stay short.
    maxAttempts: 2,
    // Bounded: a bucket that stops answering fails the attempt instead of holding it open.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    // Checksums only where S3 requires them: several S3-compatible stores reject the newer
    // default CRC headers (R2 and B2 document this setting).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
  };
  return new S3Client(config);
}
