import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The version in the nearest package.json above `from` that has a name and a version. Walking
 * up works from source (src/server/health/) and once built (dist/server/chunks/), the same way
 * findMigrationsFolder finds db/migrations; skipping files without both fields passes over
 * `{"type": "module"}` markers that bundlers may write inside the output folder.
 */
export function findPackageVersion(from: string): string | null {
  let dir = resolve(from);
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
        if (typeof pkg.name === 'string' && typeof pkg.version === 'string') return pkg.version;
      } catch {
        // An unreadable package.json is not ours to judge; keep walking.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** Read once at start: the version cannot change under a running process. */
export const APP_VERSION: string = findPackageVersion(dirname(fileURLToPath(import.meta.url))) ?? 'unknown';
