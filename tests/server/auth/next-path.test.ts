import { describe, expect, it } from 'vitest';
import { landingPath, safeNextPath } from '../../../src/server/auth/next-path.js';

describe('safeNextPath', () => {
  it.each([
    ['/admin', '/admin'],
    ['/admin/account', '/admin/account'],
    ['/admin/incidents?page=2', '/admin/incidents?page=2'],
    ['/admin/account#password', '/admin/account'],
  ])('keeps the admin path %j', (raw, expected) => {
    expect(safeNextPath(raw)).toBe(expected);
  });

  it.each([
    [null],
    [''],
    ['/'],
    ['/incidents/abc'],
    ['admin'],
    ['//evil.com'],
    ['//evil.com/admin'],
    ['/\\evil.com'],
    ['/admin\\..\\..\\evil'],
    ['https://evil.com/admin'],
    ['http://beacon.invalid/admin'],
    ['javascript:alert(1)'],
    ['/admin/../evil'],
    ['/admin/%2e%2e/evil'],
    [' /admin'],
  ])('falls back to /admin for %j', (raw) => {
    expect(safeNextPath(raw)).toBe('/admin');
  });

  it('allows /adminx: it merely starts with /admin, but stays a path on our own origin (a 404 at worst)', () => {
    expect(safeNextPath('/adminx')).toBe('/adminx');
    expect(safeNextPath('/admin.evil.com')).toBe('/admin.evil.com');
    expect(safeNextPath('/admin@evil.com')).toBe('/admin@evil.com');
  });

  it('always returns a single-slash absolute path, never something a browser reads as another host', () => {
    const attempts = [
      '/admin\n//evil.com',
      '/admin\t/\t/evil.com',
      '/admin/..%2f..%2fevil',
      '/admin//evil.com',
      '/admin/\\\\evil.com',
      '/admin?next=//evil.com',
      '/admin/%0d%0aSet-Cookie:x=1',
      '/admin/\r\nLocation: https://evil.com',
    ];
    for (const raw of attempts) {
      const out = safeNextPath(raw);
      expect(out, raw).toMatch(/^\/admin/);
      expect(out, raw).not.toMatch(/^\/\//);
      expect(out, raw).not.toMatch(/[\r\n\t\\]/);
      expect(new URL(out, 'https://status.example.com').origin, raw).toBe('https://status.example.com');
    }
  });
});

describe('landingPath', () => {
  it('sends owners, editors and viewers where they asked to go, even a page their role is refused', () => {
    for (const role of ['owner', 'editor', 'viewer'] as const) {
      expect(landingPath(role, '/admin')).toBe('/admin');
      expect(landingPath(role, '/admin/settings?tab=1')).toBe('/admin/settings?tab=1');
    }
  });

  it('sends a reader to the status page, unless they asked for their own account', () => {
    expect(landingPath('reader', '/admin')).toBe('/');
    expect(landingPath('reader', '/admin/incidents/new')).toBe('/');
    expect(landingPath('reader', '/admin/access')).toBe('/');
    expect(landingPath('reader', '/admin/account')).toBe('/admin/account');
    expect(landingPath('reader', '/admin/account/two-factor')).toBe('/admin/account/two-factor');
  });
});
