import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { renderedObject, staticObject } from '../../../src/server/publish/object-meta.js';
import { knownFromManifest, manifestAfter, planPublish } from '../../../src/server/publish/plan.js';
import { parsePurgeHeaders, purgeCdn } from '../../../src/server/publish/purge.js';
import { initialStatus, publishVerdict } from '../../../src/server/publish/status.js';
import { parseObjectStorageUrl } from '../../../src/server/publish/target.js';

const page = (file: string, body: string) => renderedObject(file, Buffer.from(body), new Headers({ 'content-type': 'text/html; charset=utf-8' }));
const data = (file: string, body: string) => renderedObject(file, Buffer.from(body), new Headers({ 'content-type': 'application/json' }));

describe('planPublish', () => {
  it('orders assets, then data, then pages, and deletes only what vanished', () => {
    const objects = [page('index.html', 'a'), data('api/v2/summary.json', '{}'), staticObject('_astro/x.1a2b.css', Buffer.from('b{}')), page('history/index.html', 'h')];
    const before = knownFromManifest(manifestAfter([page('incidents/old/index.html', 'o'), page('history/index.html', 'h')], new Map(), new Set(), 0));
    const plan = planPublish(objects, before);
    expect(plan.uploads.map((o) => o.file)).toEqual(['_astro/x.1a2b.css', 'api/v2/summary.json', 'index.html']);
    expect(plan.deletions).toEqual(['incidents/old/index.html']);
    expect(plan.unchanged).toBe(1);
  });

  it('re-uploads an object whose headers changed, and keeps a page whose render failed', () => {
    const known = knownFromManifest(manifestAfter([page('a/index.html', 'x'), page('b/index.html', 'y')], new Map(), new Set(), 0));
    const plan = planPublish([data('a/index.html', 'x')], known, new Set(['b/index.html']));
    expect(plan.uploads.map((o) => o.file)).toEqual(['a/index.html']);
    expect(plan.deletions).toEqual([]);
  });
});

describe('parseObjectStorageUrl', () => {
  it('reads bucket and prefix', () => {
    expect(parseObjectStorageUrl('s3://status-acme/www/')).toEqual({ bucket: 'status-acme', prefix: 'www/' });
    expect(parseObjectStorageUrl('s3://status-acme')).toEqual({ bucket: 'status-acme', prefix: '' });
  });
  it.each(['s3://', 's3://A_b/x', 's3://ok-bucket/../x'])('refuses %s with a sentence', (raw) => expect(() => parseObjectStorageUrl(raw)).toThrow(/bucket|prefix/));
});

describe('parsePurgeHeaders', () => {
  it('reads JSON and Name: value lines', () => {
    expect(parsePurgeHeaders('{"Authorization":"Bearer t"}')).toEqual({ Authorization: 'Bearer t' });
    expect(parsePurgeHeaders('AccessKey: k\nX-Zone: 1')).toEqual({ AccessKey: 'k', 'X-Zone': '1' });
  });
  it.each(['{bad', 'no colon here', 'Bad Name: x', '{"A":1}'])('refuses %s', (raw) => expect(() => parsePurgeHeaders(raw)).toThrow(/PUBLISH_PURGE_HEADERS/));
});

describe('purgeCdn', () => {
  it('POSTs the changed files with the headers, and is refused on loopback unless private addresses are allowed', async () => {
    let got: { method?: string; auth?: string; body: string } = { body: '' };
    const srv = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        got = { method: req.method, auth: req.headers.authorization, body };
        res.end('ok');
      });
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const url = `http://localhost:${(srv.address() as AddressInfo).port}/purge`;
    try {
      await expect(purgeCdn({ url, headers: {} }, ['index.html'], false)).rejects.toThrow(/https|private/);
      expect(await purgeCdn({ url, headers: { Authorization: 'Bearer t' } }, ['index.html', 'api/v2/summary.json'], true)).toBe(200);
      expect(got).toEqual({ method: 'POST', auth: 'Bearer t', body: '{"files":["/index.html","/api/v2/summary.json"]}' });
    } finally {
      srv.close();
    }
  });
});

describe('publishVerdict', () => {
  it('is stale only once a change waited longer than allowed, and says why', () => {
    const s = { ...initialStatus('s3://b/p'), lastSuccessAt: 0, pendingSince: 10_000, consecutiveFailures: 2, failures: 2, lastError: 'connect ECONNREFUSED' };
    expect(publishVerdict(s, 12_000, 5_000)).toMatchObject({ ok: true, stale: false, failing: true });
    const v = publishVerdict(s, 20_000, 5_000);
    expect(v).toMatchObject({ ok: false, stale: true });
    expect(v.detail).toContain('ECONNREFUSED');
  });
});
