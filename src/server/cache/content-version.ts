import { performance } from 'node:perf_hooks';
import { localCommits, type DatabaseHandle } from '../../../db/client.js';

export interface ContentVersionOptions {
  /**
   * How long a read stays good while this process commits nothing, ms. Commits made here are
   * seen at once (writeTransaction bumps a shared counter); other processes' within this time.
   * 0 asks SQLite every time.
   */
  readonly trustMs?: number;
  /** Monotonic milliseconds: a wall clock stepping back must not extend a read's trust. */
  readonly clock?: () => number;
}

/**
 * A reader of the content version (bumped by triggers on every content table) for the fast path.
 * Asking SQLite costs 10–18 µs per request under load (a WAL read lock each time), as much as
 * the rest of a cache hit; with `trustMs` it is asked at most once per that time, and at once
 * after any commit in this process. Null while the database cannot be opened.
 */
export function contentVersionReader(open: () => DatabaseHandle, options: ContentVersionOptions = {}): () => number | null {
  const trustMs = options.trustMs ?? 0;
  const clock = options.clock ?? (() => performance.now());
  const commits = localCommits();
  let read: (() => number) | null = null;
  let last: { readonly version: number; readonly at: number; readonly commits: number } | null = null;
  return () => {
    // Taken before the read: a commit landing during it makes the next call read again.
    const seen = Atomics.load(commits, 0);
    const at = clock();
    if (last !== null && last.commits === seen && at >= last.at && at - last.at < trustMs) return last.version;
    try {
      if (!read) {
        const stmt = open().sqlite.prepare('select version from content_version where id = 1').pluck();
        read = () => stmt.get() as number;
      }
      const version = read();
      last = { version, at, commits: seen };
      return version;
    } catch {
      read = null;
      last = null;
      return null;
    }
  };
}
