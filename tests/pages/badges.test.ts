import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { serveFixture } from '../helpers/server.js';
import { writePublicSite } from './public-site.fixture.js';

/** The public-site fixture: REST (in group API) has a partial outage; GraphQL and Website are operational. */
const fixture = serveFixture(writePublicSite);

async function get(path: string, init?: RequestInit): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await fetch(`${fixture.server().url}${path}`, { redirect: 'manual', ...init });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

/** What a screen reader hears: badge-maker's aria-label, "label: message". */
function ariaLabel(svg: string): string {
  return /aria-label="([^"]*)"/.exec(svg)?.[1] ?? '';
}

describe('/badge.svg', () => {
  it('is the page status as a well-formed SVG in the indicator colour', async () => {
    const { status, body, headers } = await get('/badge.svg');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(XMLValidator.validate(body)).toBe(true);
    // Some partial outage → minor, "Minor Service Outage", the degraded colour.
    expect(ariaLabel(body)).toBe('status: minor service outage');
    expect(body).toContain('fill="#b8860b"');
  });

  it('is cacheable for a minute, with a strong ETag, readable from any origin', async () => {
    const { headers } = await get('/badge.svg');
    expect(headers.get('cache-control')).toBe('public, max-age=60');
    expect(headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(headers.get('access-control-allow-origin')).toBe('*');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers 304 with no body to a matching If-None-Match, weak or strong', async () => {
    const etag = (await get('/badge.svg')).headers.get('etag')!;
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`]) {
      const res = await get('/badge.svg', { headers: { 'if-none-match': header } });
      expect(res.status).toBe(304);
      expect(res.body).toBe('');
      expect(res.headers.get('etag')).toBe(etag);
    }
    expect((await get('/badge.svg', { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
  });

  it('answers HEAD like GET, without a body', async () => {
    const head = await get('/badge.svg', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers.get('etag')).toBe((await get('/badge.svg')).headers.get('etag'));
  });

  it('?label= replaces the label', async () => {
    expect(ariaLabel((await get('/badge.svg?label=Acme%20API')).body)).toBe('Acme API: minor service outage');
  });

  it('?label= longer than 60 characters is cut to 60 with an ellipsis', async () => {
    const { status, body } = await get(`/badge.svg?label=${'x'.repeat(200)}`);
    expect(status).toBe(200);
    expect(ariaLabel(body)).toBe(`${'x'.repeat(59)}…: minor service outage`);
  });

  it('an empty ?label= draws the message alone', async () => {
    expect(ariaLabel((await get('/badge.svg?label=')).body)).toBe('minor service outage');
  });

  it('escapes markup in ?label=', async () => {
    const { body } = await get(`/badge.svg?label=${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(XMLValidator.validate(body)).toBe(true);
    expect(body).not.toContain('<script');
  });

  it.each([
    ['flat', /<linearGradient/],
    ['flat-square', /shape-rendering="crispEdges"/],
    ['for-the-badge', /MINOR SERVICE OUTAGE/],
  ])('?style=%s draws that style', async (style, marker) => {
    const { status, body } = await get(`/badge.svg?style=${style}`);
    expect(status).toBe(200);
    expect(XMLValidator.validate(body)).toBe(true);
    expect(body).toMatch(marker);
  });

  it('an unknown ?style= is a 400 image saying which styles exist', async () => {
    const { status, body, headers } = await get('/badge.svg?style=plastic');
    expect(status).toBe(400);
    expect(headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(ariaLabel(body)).toBe('badge: style must be flat, flat-square or for-the-badge');
  });
});

describe('/components/{slug}/badge.svg', () => {
  it('a component: its name and lower-cased status in the status colour', async () => {
    const { status, body } = await get('/components/rest/badge.svg');
    expect(status).toBe(200);
    expect(XMLValidator.validate(body)).toBe(true);
    expect(ariaLabel(body)).toBe('REST: partial outage');
    expect(body).toContain('fill="#e06c00"');
  });

  it('an operational component is green', async () => {
    const { body } = await get('/components/graphql/badge.svg');
    expect(ariaLabel(body)).toBe('GraphQL: operational');
    expect(body).toContain('fill="#1f9254"');
  });

  it('a group shows its worst child', async () => {
    expect(ariaLabel((await get('/components/api/badge.svg')).body)).toBe('API: partial outage');
  });

  it('an unknown component is a grey "unknown" SVG with status 404', async () => {
    const { status, body, headers } = await get('/components/nope/badge.svg');
    expect(status).toBe(404);
    expect(headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(XMLValidator.validate(body)).toBe(true);
    expect(ariaLabel(body)).toBe('status: unknown');
    expect(body).toContain('fill="#9f9f9f"');
  });
});

describe('badge.json (shields.io endpoint)', () => {
  it('the page: schemaVersion 1 with label, message and colour', async () => {
    const { status, body, headers } = await get('/badge.json');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(headers.get('access-control-allow-origin')).toBe('*');
    expect(headers.get('cache-control')).toBe('public, max-age=60');
    expect(JSON.parse(body)).toEqual({ schemaVersion: 1, label: 'status', message: 'minor service outage', color: '#b8860b' });
  });

  it('a component, with ?label= and ?style= passed on', async () => {
    const { body } = await get('/components/rest/badge.json?label=rest%20api&style=for-the-badge');
    expect(JSON.parse(body)).toEqual({
      schemaVersion: 1,
      label: 'rest api',
      message: 'partial outage',
      color: '#e06c00',
      style: 'for-the-badge',
    });
  });

  it('an unknown component: 404 in the same schema, grey "unknown"', async () => {
    const { status, body } = await get('/components/nope/badge.json');
    expect(status).toBe(404);
    expect(JSON.parse(body)).toEqual({ schemaVersion: 1, label: 'status', message: 'unknown', color: '#9f9f9f', isError: true });
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const etag = (await get('/components/graphql/badge.json')).headers.get('etag')!;
    expect((await get('/components/graphql/badge.json', { headers: { 'if-none-match': etag } })).status).toBe(304);
  });
});

describe('other formats and methods', () => {
  it.each(['/badge.png', '/badge.xml', '/components/rest/badge.png'])('%s is a 404', async (path) => {
    const { status, body } = await get(path);
    expect(status).toBe(404);
    expect(JSON.parse(body).error).toMatch(/badge\.svg and .*badge\.json/);
  });

  it.each([
    ['POST', '/badge.svg'],
    ['PUT', '/badge.json'],
    ['DELETE', '/components/rest/badge.svg'],
    ['PATCH', '/components/rest/badge.json'],
  ])('%s %s is a 405 naming GET and HEAD', async (method, path) => {
    const { status, body, headers } = await get(path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(status).toBe(405);
    expect(headers.get('allow')).toBe('GET, HEAD');
    expect(JSON.parse(body).error).toBe(`Method ${method} is not allowed here; use GET or HEAD.`);
  });
});
