import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { Rendered } from '../cache/fast-path.js';

/**
 * Where a public path lives as a file: pages become `<path>/index.html` (what nginx's
 * `try_files $uri $uri/index.html` and most object-store websites look for); documents with an
 * extension keep their name. Percent-escapes are decoded; nothing may climb out of the folder.
 */
export function fileFor(path: string, contentType: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.split('?')[0]!);
  } catch {
    return null;
  }
  const parts = decoded.split('/').filter(Boolean);
  if (parts.some((p) => p === '..' || p === '.' || p.includes('\\') || p.includes('\0'))) return null;
  const isPage = /^text\/html\b/i.test(contentType) && !/\.[a-z0-9]+$/i.test(parts.at(-1) ?? '');
  return isPage ? join(...parts, 'index.html') : join(...parts);
}

export interface ExportResult {
  readonly written: number;
  readonly skipped: readonly { path: string; status: number }[];
}

/**
 * Writes the public surface into `dir`: static client files, then every path rendered. Each file is
 * written beside its target and renamed over it, so a server (or CDN origin) reading the folder
 * never sees half a file; files no longer part of the site are removed at the end.
 */
export async function exportSite(dir: string, paths: readonly string[], render: (path: string) => Promise<Rendered>, clientDir: string | null): Promise<ExportResult> {
  mkdirSync(dir, { recursive: true });
  const keep = new Set<string>();
  if (clientDir && existsSync(clientDir)) {
    cpSync(clientDir, dir, { recursive: true });
    for (const f of walk(clientDir)) keep.add(relative(clientDir, f));
  }
  const skipped: { path: string; status: number }[] = [];
  let written = 0;
  for (const path of paths) {
    const rendered = await render(path);
    const file = rendered.status === 200 ? fileFor(path, rendered.headers.get('content-type') ?? '') : null;
    if (!file) {
      skipped.push({ path, status: rendered.status });
      continue;
    }
    const target = join(dir, file);
    mkdirSync(dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.tmp`;
    writeFileSync(temporary, rendered.body);
    renameSync(temporary, target);
    keep.add(file);
    written++;
  }
  for (const f of walk(dir)) if (!keep.has(relative(dir, f))) rmSync(f);
  return { written, skipped };
}

/** Every file under `dir`, recursively, as paths joined onto `dir`. */
export function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out.map((p) => p.split(sep).join(sep));
}
