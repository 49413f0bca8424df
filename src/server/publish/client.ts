import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

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
    // Bounded: a bucket that stops answering fails the attempt instead of holding it open. Without
    // throwOnRequestTimeout the SDK only logs a warning at requestTimeout and keeps waiting.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000, throwOnRequestTimeout: true },
    // Checksums only where S3 requires them: several S3-compatible stores reject the newer
    // default CRC headers (R2 and B2 document this setting).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
  };
  return new S3Client(config);
}
