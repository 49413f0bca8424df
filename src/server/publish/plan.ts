import { OBJECT_KINDS, type PublishObject } from './object-meta.js';

/** What the bucket holds, as the last publish left it: kept beside the copy as `.beacon-manifest.json`. */
export interface Manifest {
  readonly format: 1;
  /** Epoch ms of the publish that wrote it. */
  readonly publishedAt: number;
  readonly objects: Readonly<Record<string, ManifestEntry>>;
}

export interface ManifestEntry {
  readonly hash: string;
  readonly contentType: string;
  readonly cacheControl: string;
}

/**
 * What is known of one object already in the bucket: from the manifest (hash and headers), or,
 * without one, from a listing (S3's ETag, the MD5 of a single-part upload's body).
 */
export type KnownObject = { readonly entry: ManifestEntry } | { readonly md5: string };

export interface PublishPlan {
  /** Objects to upload, in order: every asset, then data, then pages. */
  readonly uploads: readonly PublishObject[];
  /** Files in the bucket that are no longer part of the site, removed after everything else. */
  readonly deletions: readonly string[];
  readonly unchanged: number;
}

function isCurrent(object: PublishObject, known: KnownObject | undefined): boolean {
  if (!known) return false;
  if ('md5' in known) return known.md5 === object.md5;
  const e = known.entry;
  return e.hash === object.hash && e.contentType === object.contentType && e.cacheControl === object.cacheControl;
}

/**
 * The incremental publish: only objects whose bytes (or headers) differ from what the bucket holds,
 * ordered so a reader never gets a page linking to something not uploaded yet. `keep` lists files
 * to leave alone although not in `objects` (a page whose render failed this time keeps its last good copy).
 */
export function planPublish(objects: readonly PublishObject[], known: ReadonlyMap<string, KnownObject>, keep: ReadonlySet<string> = new Set()): PublishPlan {
  const wanted = new Set(objects.map((o) => o.file));
  const changed = objects.filter((o) => !isCurrent(o, known.get(o.file)));
  const rank = (o: PublishObject): number => OBJECT_KINDS.indexOf(o.kind);
  return {
    uploads: [...changed].sort((a, b) => rank(a) - rank(b) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    deletions: [...known.keys()].filter((f) => !wanted.has(f) && !keep.has(f)).sort(),
    unchanged: objects.length - changed.length,
  };
}

/** The manifest after a publish: every object now in the bucket, including kept ones. */
export function manifestAfter(objects: readonly PublishObject[], previous: ReadonlyMap<string, KnownObject>, keep: ReadonlySet<string>, now: number): Manifest {
  const entries: Record<string, ManifestEntry> = {};
  for (const f of keep) {
    const k = previous.get(f);
    if (k && 'entry' in k) entries[f] = k.entry;
  }
  for (const o of objects) entries[o.file] = { hash: o.hash, contentType: o.contentType, cacheControl: o.cacheControl };
  return { format: 1, publishedAt: now, objects: entries };
}

/** A manifest read back from the bucket, or null when it is not one (then the bucket is listed instead). */
export function parseManifest(text: string): Manifest | null {
  try {
    const m = JSON.parse(text) as Partial<Manifest>;
    if (m.format !== 1 || typeof m.objects !== 'object' || m.objects === null) return null;
    return m as Manifest;
  } catch {
    return null;
  }
}

export const knownFromManifest = (m: Manifest): Map<string, KnownObject> => new Map(Object.entries(m.objects).map(([f, entry]) => [f, { entry }]));
