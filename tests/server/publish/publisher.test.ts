import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, ListObjectsV2Command, DeleteObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rendered } from '../../../src/server/cache/fast-path.js';
import { objectStorageClient } from '../../../src/server/publish/client.js';
import { IMMUTABLE_CACHE, SHORT_CACHE } from '../../../src/server/publish/object-meta.js';
import { PRIVATE_REFUSAL, publishSite, type PublishInput } from '../../../src/server/publish/publisher.js';
import { parseObjectStorageUrl } from '../../../src/server/publish/target.js';
import { startLocalS3, type LocalS3 } from '../../helpers/s3-server.js';

let s3: LocalS3;
let clientDir: string;
beforeAll(async () => {
  s3 = await startLocalS3();
  // Credentials come from the SDK's default chain, which reads the process environment.
  Object.assign(process.env, s3.env);
  clientDir = mkdtempSync(join(tmpdir(), 'beacon-client-'));
  mkdirSync(join(clientDir, '_astro'));
  writeFileSync(join(clientDir, '_astro', 'index.Ab12Cd34.css'), 'body{color:red}');
  writeFileSync(join(clientDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
});
afterAll(async () => {
  await s3.cleanup();
  rmSync(clientDir, { recursive: true, force: true });
});

const html = (body: string): Rendered => ({ status: 200, headers: new Headers({ 'content-type': 'text/html; charset=utf-8' }), body: Buffer.from(body) });
const json = (body: string): Rendered => ({ status: 200, headers: new Headers({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=30' }), body: Buffer.from(body) });

function input(site: Record<string, Rendered>, prefix: string, overrides: Partial<PublishInput> = {}): PublishInput {
  return {
    client: objectStorageClient(s3.env),
    target: parseObjectStorageUrl(`s3://${s3.bucket}/${prefix}`),
    paths: Object.keys(site),
    render: async (p) => site[p]!,
    clientDir,
    isPrivate: () => false,
    now: Date.now,
    ...overrides,
  };
}

async function keys(prefix: string): Promise<string[]> {
  const out = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

describe('publishSite to a real S3 server', () => {
  it('uploads every object with its content type, cache policy and the server ETag, then nothing when unchanged', async () => {
    const site = { '/': html('<h1>All good</h1>'), '/api/v2/summary.json': json('{"ok":true}'), '/incidents/a': html('<h1>A</h1>') };
    const first = await publishSite(input(site, 'one'));
    expect(first).toMatchObject({ uploaded: 5, deleted: 0, unchanged: 0, knownFrom: 'listing' });
    expect(await keys('one/')).toEqual(['one/.beacon-manifest.json', 'one/_astro/index.Ab12Cd34.css', 'one/api/v2/summary.json', 'one/favicon.svg', 'one/incidents/a/index.html', 'one/index.html']);

    const page = await s3.get('one/index.html');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe(SHORT_CACHE);
    expect(await page.text()).toBe('<h1>All good</h1>');
    const api = await s3.get('one/api/v2/summary.json');
    expect(api.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(api.headers.get('cache-control')).toBe('public, max-age=30');
    const css = await s3.get('one/_astro/index.Ab12Cd34.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('cache-control')).toBe(IMMUTABLE_CACHE);
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: 'one/index.html' }));
    expect(head.Metadata?.['beacon-etag']).toMatch(/^"[A-Za-z0-9_-]{22}"$/);

    const second = await publishSite(input(site, 'one'));
    expect(second).toMatchObject({ uploaded: 0, deleted: 0, unchanged: 5, knownFrom: 'manifest' });
  });

  it('uploads only what changed and deletes a vanished page last', async () => {
    await publishSite(input({ '/': html('v1'), '/incidents/gone': html('gone') }, 'two'));
    const result = await publishSite(input({ '/': html('v2') }, 'two'));
    expect(result).toMatchObject({ uploaded: 1, deleted: 1, unchanged: 2 });
    expect(result.changed).toEqual(['index.html', 'incidents/gone/index.html']);
    expect(await (await s3.get('two/index.html')).text()).toBe('v2');
    expect((await s3.get('two/incidents/gone/index.html')).status).toBe(404);
  });

  it('without a manifest, compares with the bucket itself and uploads nothing that is already there', async () => {
    const site = { '/': html('same') };
    await publishSite(input(site, 'three'));
    await s3.client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: 'three/.beacon-manifest.json' }));
    expect(await publishSite(input(site, 'three'))).toMatchObject({ uploaded: 0, knownFrom: 'listing' });
  });

  it('survives the S3 server going down mid-publish: the next attempt completes the copy', async () => {
    const site = { '/': html('<h1>Before</h1>') };
    await publishSite(input(site, 'four'));
    const changed = { '/': html('<h1>After</h1>'), '/history': html('<h1>History</h1>'), '/api/v2/summary.json': json('{"v":2}') };
    let rendered = 0;
    // The server stops while the publish is under way (after the bucket was read, before uploads).
    const failing = publishSite(
      input(changed, 'four', {
        render: async (p) => {
          if (++rendered === 3) await s3.stop();
          return changed[p as keyof typeof changed];
        },
      }),
    );
    await expect(failing).rejects.toThrow();
    await s3.start();
    expect(await (await s3.get('four/index.html')).text()).toBe('<h1>Before</h1>');
    const retried = await publishSite(input(changed, 'four'));
    expect(retried.uploaded).toBe(3);
    expect(await (await s3.get('four/index.html')).text()).toBe('<h1>After</h1>');
    expect((await s3.get('four/history/index.html')).status).toBe(200);
  });

  it('refuses to publish a private page, with a sentence, and uploads nothing', async () => {
    await expect(publishSite(input({ '/': html('secret') }, 'five', { isPrivate: () => true }))).rejects.toThrow(PRIVATE_REFUSAL);
    expect(await keys('five/')).toEqual([]);
  });
});
