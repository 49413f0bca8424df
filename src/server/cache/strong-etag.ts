import { createHash } from 'node:crypto';

/**
 * The digest in the fast path's strong ETag for a body (`"<digest>"`, `-br`/`-gz` for the
 * compressed variants): 22 base64url characters of SHA-256, 132 bits. The published copy in
 * object storage carries the same, so a client revalidating against either sees one identity.
 */
export function strongEtagHash(body: Buffer): string {
  return createHash('sha256').update(body).digest('base64url').slice(0, 22);
}
