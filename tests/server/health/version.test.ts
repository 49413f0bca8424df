import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_VERSION, findPackageVersion } from '../../../src/server/health/version.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const OURS = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('the app version', () => {
  it('is package.json\'s, read from source', () => {
    expect(APP_VERSION).toBe(OURS);
    expect(findPackageVersion(join(ROOT, 'src', 'server', 'health'))).toBe(OURS);
  });

  it('is found from a built chunk folder, past a {"type":"module"} marker', () => {
    dir = mkdtempSync(join(tmpdir(), 'beacon-version-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'beacon', version: '9.8.7' }));
    mkdirSync(join(dir, 'dist', 'server', 'chunks'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'server', 'package.json'), JSON.stringify({ type: 'module' }));
    expect(findPackageVersion(join(dir, 'dist', 'server', 'chunks'))).toBe('9.8.7');
  });
});
