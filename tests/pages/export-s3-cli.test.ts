import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { SYSTEM } from '../../src/server/audit.js';
import { changeAccessSettings, readAccessSettings } from '../../src/server/auth/access-settings.js';
import { tempDatabasePath } from '../helpers/db.js';
import { component, page } from '../helpers/fixtures.js';
import { startLocalS3, type LocalS3 } from '../helpers/s3-server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let s3: LocalS3;
let db: { path: string; cleanup: () => void };

/** `npm run export -- <target>` as a child process (asynchronous: the s3rver answers in this process). */
function exportTo(target: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', target], { cwd: ROOT, env: { ...process.env, ...s3.env, DATABASE_PATH: db.path, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
/** What the CLI said on stderr, without Node's own warnings (the SDK's Node-version notice). */
const said = (stderr: string): string[] =>
  stderr.split('\n').filter((l) => l.trim() && !/Warning|versions published|require node|continue receiving|security updates|a\.co\/|--trace-warnings/.test(l));
const keys = async (prefix: string): Promise<string[]> => ((await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }))).Contents ?? []).map((o) => o.Key!);

beforeAll(async () => {
  s3 = await startLocalS3();
  db = tempDatabasePath();
  const h = openDatabase(db.path);
  page(h.db, 'Acme Export', 'UTC', Date.now());
  component(h.db, 'api', 'API', Date.now() - 3_600_000);
  h.close();
});
afterAll(async () => {
  await s3?.cleanup();
  db?.cleanup();
});

describe('npm run export -- s3://bucket/prefix', () => {
  it('publishes the public surface with types and caching, then uploads nothing but today’s uptime figures the second time', async () => {
    const first = await exportTo(`s3://${s3.bucket}/cli`);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Published to s3:\/\/beacon-status\/cli in [\d.]+ s: [1-9]\d* uploaded, 0 deleted, 0 unchanged\./);
    const expected: [string, RegExp][] = [
      ['cli/index.html', /^text\/html/],
      ['cli/api/v2/summary.json', /^application\/json/],
      ['cli/history.atom', /^application\/atom\+xml/],
      ['cli/badge.svg', /^image\/svg\+xml/],
    ];
    const before: Record<string, string | undefined> = {};
    for (const [key, type] of expected) {
      const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }));
      expect(head.ContentType, key).toMatch(type);
      expect(head.CacheControl, key).toMatch(/^public, .*max-age=\d+/);
      before[key] = head.ETag;
    }
    expect(await (await s3.get('cli/index.html')).text()).toContain('Acme Export');
    expect(((await (await s3.get('cli/api/v2/summary.json')).json()) as { page: { name: string } }).page.name).toBe('Acme Export');

    const second = await exportTo(`s3://${s3.bucket}/cli`);
    expect(second.code, second.stderr).toBe(0);
    // Only today's uptime figures (counted up to the moment of rendering) may differ between the runs.
    const counts = /: (\d+) uploaded, 0 deleted, (\d+) unchanged\./.exec(second.stdout);
    expect(counts, second.stdout).not.toBeNull();
    expect(Number(counts![1])).toBeLessThanOrEqual(1);
    expect(Number(counts![2])).toBeGreaterThanOrEqual(Number(/(\d+) uploaded/.exec(first.stdout)![1]) - 1);
    for (const [key] of expected) expect((await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }))).ETag, key).toBe(before[key]);
  });

  it.each([
    ['no bucket', 's3://', {}, /not a valid bucket name/],
    ['a bucket that does not exist', 's3://no-such-bucket/x', {}, /^Could not publish to s3:\/\/no-such-bucket\/x: /],
    ['an endpoint nobody answers on', 's3://beacon-status/x', { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9' }, /^Could not publish to s3:\/\/beacon-status\/x: .*ECONNREFUSED/],
  ] as const)('refuses %s with one sentence, exit 1 and no stack trace', async (_what, target, env, sentence) => {
    const r = await exportTo(target, env);
    expect(r.code, r.stderr).toBe(1);
    const lines = said(r.stderr);
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(sentence);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stdout).toBe('');
  });

  it('refuses a private page: exit 1, a sentence, nothing written', async () => {
    const h = openDatabase(db.path);
    changeAccessSettings(h.db, { ...readAccessSettings(h.db, Date.now()), visibility: 'private' }, false, SYSTEM, Date.now());
    h.close();
    const r = await exportTo(`s3://${s3.bucket}/private`);
    expect(r.code).toBe(1);
    expect(said(r.stderr).join('\n')).toContain('This status page is private');
    expect(await keys('private/')).toEqual([]);
  });
});
