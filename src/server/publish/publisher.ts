import { existsSync, readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Rendered } from '../cache/fast-path.js';
import { fileFor, walk } from '../export/static-export.js';
import { renderedObject, staticObject, type PublishObject } from './object-meta.js';
import { knownFromManifest, manifestAfter, planPublish } from './plan.js';
import type { ObjectStorageTarget } from './target.js';
import { BucketWriter } from './uploader.js';

/** Said instead of publishing while the page is private: a public bucket would hand it to anyone. */
export const PRIVATE_REFUSAL =
  'The status page is private (PAGE_VISIBILITY=private or the owner’s setting), so it is not published to object storage; the copy already there is left as it was. Make the page public to publish again.';

/** A publish that must not happen (not a failure of the bucket): its sentence says why. */
export class PublishRefused extends Error {
  override readonly name = 'PublishRefused';
}

export interface PublishInput {
  readonly client: S3Client;
  readonly target: ObjectStorageTarget;
  /** Public paths to render (public-paths.ts). */
  readonly paths: readonly string[];
  readonly render: (path: string) => Promise<Rendered>;
  /** The build's static client files, or null. */
  readonly clientDir: string | null;
  /** Asked first, and again just before anything is uploaded. */
  readonly isPrivate: () => boolean;
  readonly now: () => number;
}

export interface PublishResult {
  readonly uploaded: number;
  readonly deleted: number;
  readonly unchanged: number;
  /** Paths that did not render as a 200; their last good copy stays in the bucket. */
  readonly skipped: readonly { path: string; status: number }[];
  /** Files uploaded or deleted, '/'-separated under the prefix: what a CDN should forget. */
  readonly changed: readonly string[];
  /** How the bucket's state was known: its manifest, or a listing when the manifest was missing. */
  readonly knownFrom: 'manifest' | 'listing';
}

const posix = (file: string): string => file.split(sep).join('/');

async function collect(input: PublishInput): Promise<{ objects: PublishObject[]; skipped: { path: string; status: number }[]; keep: Set<string> }> {
  const objects: PublishObject[] = [];
  if (input.clientDir && existsSync(input.clientDir)) {
    for (const f of walk(input.clientDir)) objects.push(staticObject(posix(relative(input.clientDir, f)), readFileSync(f)));
  }
  const skipped: { path: string; status: number }[] = [];
  const keep = new Set<string>();
  for (const path of input.paths) {
    const rendered = await input.render(path);
    const contentType = rendered.headers.get('content-type') ?? '';
    const file = fileFor(path, rendered.status === 200 ? contentType : 'text/html');
    if (rendered.status !== 200 || !file) {
      skipped.push({ path, status: rendered.status });
      // A page that failed to render this time (5xx) keeps its last good copy; a 404 goes.
      if (file && rendered.status >= 500) {
        keep.add(posix(file));
        keep.add(posix(fileFor(path, 'application/octet-stream') ?? file));
      }
      continue;
    }
    objects.push(renderedObject(posix(file), rendered.body, rendered.headers));
  }
  return { objects, skipped, keep };
}

/**
 * One incremental publish of the public surface to a bucket: renders everything, compares with
 * the manifest (or, without one, the bucket's listing), uploads what changed (assets, then data,
 * then pages), writes the manifest, and deletes what vanished last. A failure at any step leaves
 * the old manifest, so the next attempt uploads whatever did not make it.
 */
export async function publishSite(input: PublishInput): Promise<PublishResult> {
  if (input.isPrivate()) throw new PublishRefused(PRIVATE_REFUSAL);
  const bucket = new BucketWriter(input.client, input.target);
  const manifest = await bucket.readManifest();
  const known = manifest ? knownFromManifest(manifest) : await bucket.list();
  const { objects, skipped, keep } = await collect(input);
  // Rendering takes a while: the owner may have made the page private meanwhile.
  if (input.isPrivate()) throw new PublishRefused(PRIVATE_REFUSAL);
  const plan = planPublish(objects, known, keep);
  await bucket.putAll(plan.uploads.filter((o) => o.kind === 'asset'));
  await bucket.putAll(plan.uploads.filter((o) => o.kind === 'data'));
  await bucket.putAll(plan.uploads.filter((o) => o.kind === 'page'));
  if (plan.uploads.length > 0 || plan.deletions.length > 0 || !manifest) await bucket.putManifest(manifestAfter(objects, known, keep, input.now()));
  await bucket.deleteAll(plan.deletions);
  return {
    uploaded: plan.uploads.length,
    deleted: plan.deletions.length,
    unchanged: plan.unchanged,
    skipped,
    changed: [...plan.uploads.map((o) => o.file), ...plan.deletions],
    knownFrom: manifest ? 'manifest' : 'listing',
  };
}
