import type { DatabaseHandle } from '../../../db/client.js';

/**
 * A reader of the content version (bumped by triggers on every content table) for the fast path:
 * one prepared statement, a few microseconds per request, and it sees commits from every
 * connection and process. Null while the database cannot be opened.
 */
export function contentVersionReader(open: () => DatabaseHandle): () => number | null {
  let read: (() => number) | null = null;
  return () => {
    try {
      if (!read) {
        const stmt = open().sqlite.prepare('select version from content_version where id = 1').pluck();
        read = () => stmt.get() as number;
      }
      return read();
    } catch {
      read = null;
      return null;
    }
  };
}
