import { randomBytes } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressBodies } from '../../../src/server/cache/compress.js';

/** About 2 MiB of page-like text: long enough that compressing it takes many milliseconds. */
function bigPage(): Buffer {
  const rows: string[] = [];
  for (let i = 0, length = 0; length < 2 * 1024 * 1024; i++) {
    const row = `<div class="component" data-component="c-${i}"><span>Région ${i} · ${randomBytes(12).toString('hex')}</span></div>\n`;
    rows.push(row);
    length += row.length;
  }
  return Buffer.from(rows.join(''));
}

describe('compressBodies', () => {
  it('gives brotli and gzip copies that decode to the body, byte for byte', async () => {
    const body = bigPage();
    const { br, gzip } = await compressBodies(body);
    expect(br.length).toBeLessThan(body.length / 2);
    expect(gzip.length).toBeLessThan(body.length / 2);
    expect(brotliDecompressSync(br).equals(body)).toBe(true);
    expect(gunzipSync(gzip).equals(body)).toBe(true);
  });

  it('handles an empty body', async () => {
    const { br, gzip } = await compressBodies(Buffer.alloc(0));
    expect(brotliDecompressSync(br).length).toBe(0);
    expect(gunzipSync(gzip).length).toBe(0);
  });

  it('leaves the calling thread free while it works: other callbacks run before it is done', async () => {
    const body = bigPage();
    const order: string[] = [];
    const done = compressBodies(body).then(() => order.push('compressed'));
    // Compressing on the calling thread would finish before this callback could run.
    await new Promise<void>((resolve) => setImmediate(() => (order.push('other work'), resolve())));
    await done;
    expect(order).toEqual(['other work', 'compressed']);
  });
});
