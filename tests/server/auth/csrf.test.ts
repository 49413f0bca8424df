import { describe, expect, it } from 'vitest';
import { isCrossSiteFormPost, isTokenAuthenticatedRoute, needsFormCheck } from '../../../src/server/auth/csrf.js';

const HOST = 'status.example.com';

function request(method: string, headers: Record<string, string>): Request {
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(`https://${HOST}/admin/login`, { method, headers, body: hasBody ? 'a=1' : undefined });
}

const FORM_TYPES = [
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded;charset=UTF-8',
  'multipart/form-data; boundary=----x',
  'text/plain',
  'Text/Plain; charset=utf-8',
];

describe('isCrossSiteFormPost', () => {
  it.each(['GET', 'HEAD', 'OPTIONS'])('never refuses %s, even from another site', (method) => {
    expect(isCrossSiteFormPost(request(method, { host: HOST, origin: 'https://evil.example', 'content-type': 'text/plain' }))).toBe(false);
    expect(isCrossSiteFormPost(request(method, { host: HOST }))).toBe(false);
  });

  it.each(FORM_TYPES)('lets a same-origin POST of %s through', (type) => {
    expect(isCrossSiteFormPost(request('POST', { host: HOST, origin: `https://${HOST}`, 'content-type': type }))).toBe(false);
  });

  it.each(FORM_TYPES)('refuses a POST of %s from another host', (type) => {
    expect(isCrossSiteFormPost(request('POST', { host: HOST, origin: 'https://evil.example', 'content-type': type }))).toBe(true);
  });

  it('compares host and port', () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect(isCrossSiteFormPost(request('POST', { ...form, host: '127.0.0.1:4321', origin: 'http://127.0.0.1:4321' }))).toBe(false);
    expect(isCrossSiteFormPost(request('POST', { ...form, host: '127.0.0.1:4321', origin: 'http://127.0.0.1:9999' }))).toBe(true);
    expect(isCrossSiteFormPost(request('POST', { ...form, host: '127.0.0.1:4321', origin: 'http://127.0.0.1' }))).toBe(true);
    expect(isCrossSiteFormPost(request('POST', { ...form, host: '[::1]:4321', origin: 'http://[::1]:4321' }))).toBe(false);
    // A subdomain, or a look-alike that merely starts with our host, is another site.
    expect(isCrossSiteFormPost(request('POST', { ...form, host: HOST, origin: `https://evil.${HOST}` }))).toBe(true);
    expect(isCrossSiteFormPost(request('POST', { ...form, host: HOST, origin: `https://${HOST}.evil.example` }))).toBe(true);
  });

  it('compares hosts case-insensitively', () => {
    expect(
      isCrossSiteFormPost(request('POST', { host: 'Status.Example.COM', origin: `https://${HOST}`, 'content-type': 'text/plain' })),
    ).toBe(false);
  });

  it('refuses a form POST without Origin, with Origin "null", or without Host', () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect(isCrossSiteFormPost(request('POST', { ...form, host: HOST }))).toBe(true);
    expect(isCrossSiteFormPost(request('POST', { ...form, host: HOST, origin: 'null' }))).toBe(true);
    expect(isCrossSiteFormPost(request('POST', { ...form, origin: `https://${HOST}` }))).toBe(true);
  });

  it('treats a missing content type as form-like', () => {
    const r = new Request(`https://${HOST}/admin/logout`, { method: 'POST', headers: { host: HOST, origin: 'https://evil.example' } });
    expect(r.headers.get('content-type')).toBeNull();
    expect(isCrossSiteFormPost(r)).toBe(true);
    const same = new Request(`https://${HOST}/admin/logout`, { method: 'POST', headers: { host: HOST, origin: `https://${HOST}` } });
    expect(isCrossSiteFormPost(same)).toBe(false);
  });

  it.each(['PUT', 'PATCH', 'DELETE'])('applies to %s too', (method) => {
    expect(isCrossSiteFormPost(request(method, { host: HOST, origin: 'https://evil.example', 'content-type': 'text/plain' }))).toBe(true);
    expect(isCrossSiteFormPost(request(method, { host: HOST, origin: `https://${HOST}`, 'content-type': 'text/plain' }))).toBe(false);
  });

  it('lets JSON through: another site cannot send it without a CORS preflight, which is never granted', () => {
    expect(isCrossSiteFormPost(request('POST', { host: HOST, origin: 'https://evil.example', 'content-type': 'application/json' }))).toBe(false);
    expect(isCrossSiteFormPost(request('POST', { host: HOST, 'content-type': 'application/json; charset=utf-8' }))).toBe(false);
  });
});

describe('needsFormCheck', () => {
  // Regression: writes to /api/v2 without an Origin got the form check's 403 instead of the API's 405.
  it.each(['/api/[...path]', '/api/v1/[...path]', '/api/v2/[...path]', '/api'])('exempts %s: API routes never authenticate by cookie', (route) => {
    expect(needsFormCheck(route)).toBe(false);
    expect(isTokenAuthenticatedRoute(route)).toBe(true);
  });

  it('exempts the one-click unsubscribe, authorised by the secret in its URL', () => {
    expect(needsFormCheck('/unsubscribe/[token]')).toBe(false);
  });

  it.each(['/admin/login', '/admin/incidents/[id]', '/subscribe', '/subscriptions/[token]', '/apiary', '/admin/api'])('checks %s', (route) => {
    expect(needsFormCheck(route)).toBe(true);
    expect(isTokenAuthenticatedRoute(route)).toBe(false);
  });
});
