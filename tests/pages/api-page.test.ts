import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { API_V1_ROUTES } from '../../src/server/api-v1/routes/index.js';
import { readPageSettings } from '../../src/server/settings.js';
import { unescapeHtml } from '../helpers/admin-pages.js';
import { makeToken } from '../helpers/api-v1.js';
import { DAY, page } from '../helpers/fixtures.js';
import { serveFixture } from '../helpers/server.js';

function writeSite(path: string, now: number): { pageId: string; token: string } {
  const h = openDatabase(path);
  try {
    page(h.db, 'Docs Test', 'UTC', now - DAY);
    return { pageId: readPageSettings(h.db, now).publicId, token: makeToken(h.db, 'write', now).token };
  } finally {
    h.close();
  }
}

/** The curl commands on the page, unescaped, keyed by `METHOD /path` of their endpoint. */
function curls(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/data-endpoint="([^"]+)"[\s\S]*?<pre[^>]*data-curl[^>]*>\s*<code[^>]*>([\s\S]*?)<\/code>\s*<\/pre>/g)) {
    out.set(unescapeHtml(m[1]!), unescapeHtml(m[2]!));
  }
  return out;
}

describe('/api, the API page for people', () => {
  // Every GET example in a row: more than the default 10 requests a second for one token.
  const fixture = serveFixture(writeSite, { API_RATE_PER_SECOND: '1000' });
  const url = (): string => fixture.server().url;

  it('lists every /api/v1 route with a curl for this host and page id, and links the OpenAPI document and the v2 endpoints', async () => {
    const res = await fetch(`${url()}/api`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    const found = curls(html);
    expect([...found.keys()].sort()).toEqual(API_V1_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of API_V1_ROUTES) {
      const curl = found.get(`${route.method} ${route.path}`)!;
      expect(curl).toContain(`'${url()}/api/v1${route.path.replace('{page_id}', fixture.data().pageId).replace(/\{([^}]+)\}/g, (_, n: string) => n.toUpperCase())}'`);
      expect(unescapeHtml(html)).toContain(route.summary);
    }
    expect(html).toContain(`href="${url()}/api/v1/openapi.json"`);
    expect(html).toContain(`${url()}/api/v2/summary.json`);
    expect(unescapeHtml(html)).toContain(`This status page’s id is ${fixture.data().pageId}`);
    // Light like the other public pages: no script, one heading at the top, a skip link.
    expect(html).not.toMatch(/<script/);
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(html).toContain('href="#content"');
  });

  it('gives GET examples that work as written, with a token', async () => {
    const html = await (await fetch(`${url()}/api`)).text();
    let ran = 0;
    for (const [endpoint, curl] of curls(html)) {
      const target = /^curl '([^']+)'/.exec(curl)?.[1];
      // Only reads whose address needs nothing filled in (placeholders are in capitals).
      if (!endpoint.startsWith('GET ') || target === undefined || /[A-Z]/.test(target)) continue;
      const headers = Object.fromEntries([...curl.matchAll(/-H "([^:]+): ([^"]+)"/g)].map((m) => [m[1]!, m[2]!.replace('$BEACON_API_TOKEN', fixture.data().token)]));
      const answer = await fetch(target, { headers });
      expect(answer.status, `${endpoint}: ${curl}`).toBe(200);
      ran += 1;
    }
    expect(ran).toBeGreaterThanOrEqual(2);
    const doc = await fetch(`${url()}/api/v1/openapi.json`);
    expect(doc.status).toBe(200);
  });

  it('answers GET and HEAD only, and leaves the v2 API where it was', async () => {
    expect((await fetch(`${url()}/api`, { method: 'HEAD' })).status).toBe(200);
    const post = await fetch(`${url()}/api`, { method: 'POST', headers: { origin: url(), 'content-type': 'application/x-www-form-urlencoded' }, body: 'x=1' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const v2 = await fetch(`${url()}/api/v2/status.json`);
    expect(v2.status).toBe(200);
    expect((await v2.json()).page.id).toBe(fixture.data().pageId);
  });
});
