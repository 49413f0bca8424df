import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ETAG_METADATA, type PublishObject } from './object-meta.js';
import { parseManifest, type KnownObject, type Manifest } from './plan.js';
import type { ObjectStorageTarget } from './target.js';

/** The manifest's name under the prefix; a dot file, so no page of the site can be called that. */
export const MANIFEST_FILE = '.beacon-manifest.json';

/** Uploads in flight at once within one kind: enough to hide latency, few enough to stay polite. */
export const UPLOAD_CONCURRENCY = 4;

/** The bucket side of a publish: reads what is there, puts and deletes objects. */
export class BucketWriter {
  constructor(
    private readonly client: S3Client,
    private readonly target: ObjectStorageTarget,
  ) {}

  private key(file: string): string {
    return this.target.prefix + file;
  }

  /** The manifest, or null when missing or unreadable. */
  async readManifest(): Promise<Manifest | null> {
    try {
      const got = await this.client.send(new GetObjectCommand({ Bucket: this.target.bucket, Key: this.key(MANIFEST_FILE) }));
      return parseManifest((await got.Body?.transformToString('utf-8')) ?? '');
    } catch (e) {
      if (e instanceof NoSuchKey || (e as { name?: string }).name === 'NoSuchKey') return null;
      throw e;
    }
  }

  /** Everything under the prefix, by file, with S3's ETag (the MD5 of a single-part upload). */
  async list(): Promise<Map<string, KnownObject>> {
    const found = new Map<string, KnownObject>();
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.target.bucket, Prefix: this.target.prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        const file = o.Key?.slice(this.target.prefix.length);
        if (file && file !== MANIFEST_FILE) found.set(file, { md5: (o.ETag ?? '').replace(/"/g, '') });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return found;
  }

  async put(object: PublishObject): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.target.bucket,
        Key: this.key(object.file),
        Body: object.body,
        ContentType: object.contentType,
        CacheControl: object.cacheControl,
        Metadata: { [ETAG_METADATA]: object.etag },
      }),
    );
  }

  /** Puts each in order of the list, at most UPLOAD_CONCURRENCY at a time; the first failure stops it. */
  async putAll(objects: readonly PublishObject[]): Promise<void> {
    let next = 0;
    let failed = false;
    const worker = async (): Promise<void> => {
      while (!failed && next < objects.length) {
        try {
          await this.put(objects[next++]!);
        } catch (e) {
          failed = true;
          throw e;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(UPLOAD_CONCURRENCY, objects.length) }, worker));
  }

  async putManifest(manifest: Manifest): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.target.bucket,
        Key: this.key(MANIFEST_FILE),
        Body: JSON.stringify(manifest),
        ContentType: 'application/json; charset=utf-8',
        CacheControl: 'no-store',
      }),
    );
  }

  /** Deletes in batches of 1,000 (S3's limit per request); a key S3 could not delete is an error. */
  async deleteAll(files: readonly string[]): Promise<void> {
    for (let i = 0; i < files.length; i += 1000) {
      const batch = files.slice(i, i + 1000);
      const out = await this.client.send(
        new DeleteObjectsCommand({ Bucket: this.target.bucket, Delete: { Objects: batch.map((f) => ({ Key: this.key(f) })), Quiet: true } }),
      );
      const failed = out.Errors ?? [];
      if (failed.length > 0) throw new Error(`could not delete ${failed.length} object(s), first ${failed[0]!.Key}: ${failed[0]!.Message ?? failed[0]!.Code}`);
    }
  }
}
