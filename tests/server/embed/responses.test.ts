import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EMBED_PAGE_CSP,
  EMBED_SCRIPT_MAX_AGE_SECONDS,
  embedPageResponse,
  embedScriptResponse,
} from '../../../src/server/embed/responses.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, page } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);
const SOURCE = readFileSync(new URL('../../../src/server/embed/widget.js', import.meta.url), 'utf8');
const CFG = { publicUrl: 'https://status.example.com', listenUrl: 'http://localhost:4321' };

let t: TempDatabase;
beforeEach(() => {
  t = tempDatabase();
});
afterEach(() => t.dispose());

describe('embedScriptResponse', () => {
  it('serves the widget file unchanged, as JavaScript any site may load', async () => {
    const res = embedScriptResponse(new Request('http://beacon.test/embed.js'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('cache-control')).toBe(`public, max-age=${EMBED_SCRIPT_MAX_AGE_SECONDS}`);
    expect(await res.text()).toBe(SOURCE);
  });

  it('answers 304 to its own ETag', () => {
    const etag = embedScriptResponse(new Request('http://beacon.test/embed.js')).headers.get('etag')!;
    const again = embedScriptResponse(new Request('http://beacon.test/embed.js', { headers: { 'if-none-match': etag } }));
    expect(again.status).toBe(304);
  });
});

describe('embedPageResponse', () => {
  it('shows the current status, links to the public URL and may be framed by anyone', async () => {
    page(t.db, 'Acme', 'UTC', NOW - DAY);
    component(t.db, 'api', 'API', NOW - DAY, { status: 'major_outage' });
    const res = embedPageResponse(new Request('http://beacon.test/embed'), t.db, CFG, NOW);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(EMBED_PAGE_CSP);
    expect(EMBED_PAGE_CSP).toContain('frame-ancestors *');
    expect(res.headers.get('x-frame-options')).toBeNull();
    const html = await res.text();
    expect(html).toContain('<span class="d">Major System Outage</span><span class="n">Acme</span>');
    expect(html).toContain('href="https://status.example.com/"');
  });
});
