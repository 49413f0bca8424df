import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The pure layers and what each may import: src/core only itself; emails/ itself and src/core.
 * No Astro, drizzle, nodemailer or `node:`; no clock, no environment.
 */
const PURE_LAYERS = [
  { name: 'src/core', dir: '../../src/core/', allowed: /^\.\/[\w-]+\.js$/, minFiles: 6 },
  { name: 'src/core/channels', dir: '../../src/core/channels/', allowed: /^\.\.?\/[\w-]+\.js$/, minFiles: 5 },
  { name: 'emails', dir: '../../emails/', allowed: /^(?:\.\/|\.\.\/src\/core\/)[\w-]+\.js$/, minFiles: 5 },
] as const;

describe.each(PURE_LAYERS)('$name stays pure', ({ dir, allowed, minFiles }) => {
  const root = fileURLToPath(new URL(dir, import.meta.url));
  const files = readdirSync(root).filter((f) => f.endsWith('.ts'));

  it('has modules to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(minFiles);
  });

  it.each(files)('%s imports nothing outside its allowed layers', (file) => {
    const source = readFileSync(join(root, file), 'utf8');
    // `from '…'` (imports and re-exports), `import('…')`, and bare side-effect imports `import '…'`.
    const imports = [...source.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]|\bimport\s+['"]([^'"]+)['"]/g)].map(
      (m) => m[1] ?? m[2] ?? m[3]!,
    );
    for (const spec of imports) expect(spec, `${file} imports ${spec}`).toMatch(allowed);
  });

  it.each(files)('%s does not read the clock or the environment', (file) => {
    const source = readFileSync(join(root, file), 'utf8');
    expect(source).not.toMatch(/Date\.now\(|new Date\(\)|performance\.now\(|process\./);
  });
});
