import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CORE = fileURLToPath(new URL('../../src/core/', import.meta.url));
const files = readdirSync(CORE).filter((f) => f.endsWith('.ts'));

describe('src/core stays pure', () => {
  it('has modules to check', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files)('%s imports nothing but other core modules', (file) => {
    const source = readFileSync(join(CORE, file), 'utf8');
    const imports = [...source.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2]!);
    for (const spec of imports) expect(spec, `${file} imports ${spec}`).toMatch(/^\.\/[\w-]+\.js$/);
  });

  it.each(files)('%s does not read the clock or the environment', (file) => {
    const source = readFileSync(join(CORE, file), 'utf8');
    expect(source).not.toMatch(/Date\.now\(|new Date\(\)|performance\.now\(|process\./);
  });
});
