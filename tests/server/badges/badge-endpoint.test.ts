import { XMLValidator } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BADGE_MAX_AGE_SECONDS, badgeResponse } from '../../../src/server/badges/badge-endpoint.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, group } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);

let t: TempDatabase;
beforeEach(() => {
  t = tempDatabase();
  const g = group(t.db, 'api', 'API', NOW - DAY);
  component(t.db, 'rest', 'REST', NOW - DAY, { groupId: g, status: 'degraded_performance' });
  component(t.db, 'graphql', 'GraphQL', NOW - DAY, { groupId: g, status: 'major_outage', position: 2 });
  component(t.db, 'web', 'Website', NOW - DAY, { position: 2 });
});
afterEach(() => t.dispose());

function badge(slug: string | null, format: string, query = '', headers: HeadersInit = {}): Response {
  const request = new Request(`http://beacon.test/x${query}`, { headers });
  return badgeResponse(request, t.db, { slug, format, query: new URLSearchParams(query) });
}

describe('badgeResponse', () => {
  it('the page badge follows the leaves: one major outage → partial system outage, orange', async () => {
    const res = badge(null, 'json');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ schemaVersion: 1, label: 'status', message: 'partial system outage', color: '#e06c00' });
  });

  it('a group shows its worst child', async () => {
    expect(await badge('api', 'json').json()).toMatchObject({ label: 'API', message: 'major outage', color: '#d12f2f' });
  });

  it('a leaf shows its own status', async () => {
    expect(await badge('rest', 'json').json()).toMatchObject({ label: 'REST', message: 'degraded performance' });
    expect(await badge('web', 'json').json()).toMatchObject({ label: 'Website', message: 'operational' });
  });

  it('an unknown component is a grey 404 badge, still an SVG image', async () => {
    const res = badge('nope', 'svg');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const svg = await res.text();
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('aria-label="status: unknown"');
    expect(svg).toContain('#9f9f9f');
    expect(svg).not.toContain('nope');
  });

  it('an unknown style is a 400 that explains itself, in the format asked for', async () => {
    const svg = badge('rest', 'svg', '?style=plastic');
    expect(svg.status).toBe(400);
    expect(await svg.text()).toContain('style must be flat, flat-square or for-the-badge');
    const json = badge('rest', 'json', '?style=plastic');
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ schemaVersion: 1, isError: true, message: 'style must be flat, flat-square or for-the-badge' });
  });

  it('an unknown format is a plain 404', async () => {
    const res = badge(null, 'png');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'Badges are at /badge.svg and /badge.json.' });
  });

  it('is cacheable for a minute, readable from anywhere, and answers 304 to a matching ETag', async () => {
    const first = badge(null, 'svg');
    expect(first.headers.get('cache-control')).toBe(`public, max-age=${BADGE_MAX_AGE_SECONDS}`);
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = badge(null, 'svg', '', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    // A different label is a different image, so the old ETag does not match it.
    expect(badge(null, 'svg', '?label=x', { 'if-none-match': etag }).status).toBe(200);
  });
});
