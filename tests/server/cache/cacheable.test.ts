import { describe, expect, it } from 'vitest';
import { isCacheablePath, isStorable } from '../../../src/server/cache/cacheable.js';

describe('isCacheablePath', () => {
  it.each(['/', '/history', '/history.atom', '/components/api', '/components/api/badge.svg', '/incidents/abc', '/api/v2/summary.json', '/badge.svg', '/embed.js', '/embed', '/integrations', '/subscribers-guide', '/administrator'])(
    '%s is served from memory',
    (path) => expect(isCacheablePath(path)).toBe(true),
  );
  it.each(['/admin', '/admin/', '/admin/login', '/admin/incidents/x', '/subscribe', '/subscribe/confirm/t', '/subscriptions/t', '/unsubscribe/t', '/health', '/metrics'])(
    '%s always goes to the site',
    (path) => expect(isCacheablePath(path)).toBe(false),
  );
});

describe('isStorable', () => {
  const h = (init: Record<string, string>): Headers => new Headers(init);
  it('keeps full public responses of the types we serve', () => {
    for (const type of ['text/html', 'text/html; charset=utf-8', 'application/json; charset=utf-8', 'application/rss+xml', 'application/atom+xml; charset=utf-8', 'image/svg+xml', 'application/javascript', 'text/javascript; charset=utf-8', 'text/css']) {
      expect(isStorable(200, h({ 'content-type': type })), type).toBe(true);
    }
  });
  it('never keeps errors, redirects, personal or private responses, or other types', () => {
    expect(isStorable(404, h({ 'content-type': 'text/html' }))).toBe(false);
    expect(isStorable(301, h({ 'content-type': 'text/html' }))).toBe(false);
    expect(isStorable(200, h({ 'content-type': 'text/html', 'set-cookie': 'a=b' }))).toBe(false);
    expect(isStorable(200, h({ 'content-type': 'text/html', 'cache-control': 'no-store' }))).toBe(false);
    expect(isStorable(200, h({ 'content-type': 'text/html', 'cache-control': 'private, max-age=60' }))).toBe(false);
    expect(isStorable(200, h({ 'content-type': 'image/png' }))).toBe(false);
    expect(isStorable(200, h({}))).toBe(false);
  });
});
