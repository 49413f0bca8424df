import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PUBLIC_PAGE_METHODS, pageMethodRefusal } from '../../../src/server/http/page-methods.js';

const PAGES = fileURLToPath(new URL('../../../src/pages', import.meta.url));

/** Every public .astro page as the route pattern Astro gives it (index → its folder). */
function publicPagePatterns(dir = PAGES): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'admin' ? [] : publicPagePatterns(path);
    if (!e.name.endsWith('.astro')) return [];
    return [`/${relative(PAGES, path).replace(/\.astro$/, '')}`.replace(/\/index$/, '') || '/'];
  });
}

describe('PUBLIC_PAGE_METHODS', () => {
  it('lists every public page but the 404 page, so a new page cannot be forgotten', () => {
    expect(Object.keys(PUBLIC_PAGE_METHODS).sort()).toEqual(publicPagePatterns().filter((p) => p !== '/404').sort());
  });
});

describe('pageMethodRefusal', () => {
  it('lets through what a page answers, and anything on routes it does not list', () => {
    expect(pageMethodRefusal('/', 'GET')).toBeNull();
    expect(pageMethodRefusal('/subscribe', 'POST')).toBeNull();
    expect(pageMethodRefusal('/404', 'DELETE')).toBeNull();
    expect(pageMethodRefusal('/badge.[format]', 'PUT')).toBeNull();
  });

  it('answers other methods 405 naming the allowed ones, OPTIONS 204', async () => {
    const put = pageMethodRefusal('/', 'PUT')!;
    expect([put.status, put.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    expect(await put.text()).toBe('This page does not answer PUT; it answers GET, HEAD.\n');
    const del = pageMethodRefusal('/subscriptions/[token]', 'DELETE')!;
    expect([del.status, del.headers.get('allow')]).toEqual([405, 'GET, HEAD, POST']);
    expect(pageMethodRefusal('/history', 'POST')!.status).toBe(405);
    const options = pageMethodRefusal('/incidents/[id]', 'OPTIONS')!;
    expect([options.status, options.headers.get('allow')]).toEqual([204, 'GET, HEAD']);
  });
});
