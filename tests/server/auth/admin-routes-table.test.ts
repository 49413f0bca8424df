import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ADMIN_ROUTES, adminAccess, isAdminRoute, OPEN_ADMIN_ROUTES } from '../../../src/server/auth/route-policy.js';

describe('the permission table', () => {
  it('names the permission for each method', () => {
    expect(ADMIN_ROUTES).toEqual({
      '/admin': { GET: 'admin:read' },
      '/admin/account': { GET: 'account:write', POST: 'account:write' },
      '/admin/account/two-factor': { GET: 'account:write', POST: 'account:write' },
      '/admin/access': { GET: 'users:manage', POST: 'users:manage' },
      '/admin/logout': { POST: 'account:write' },
      '/admin/incidents/new': { GET: 'incidents:write', POST: 'incidents:write' },
      '/admin/incidents/[id]': { GET: 'admin:read', POST: 'incidents:write' },
      '/admin/subscribers': { GET: 'subscribers:manage', POST: 'subscribers:manage' },
      '/admin/subscribers.csv': { GET: 'subscribers:manage' },
      '/admin/components': { GET: 'admin:read' },
      '/admin/components/new': { GET: 'settings:write', POST: 'settings:write' },
      '/admin/components/[id]': { GET: 'admin:read', POST: 'incidents:write' },
      '/admin/settings': { GET: 'settings:write', POST: 'settings:write' },
      '/admin/preview': { POST: 'incidents:write' },
      '/admin/incidents/backfill': { GET: 'incidents:write', POST: 'incidents:write' },
      '/admin/incidents/[id]/updates/[update]': { GET: 'incidents:write', POST: 'incidents:write' },
      '/admin/incidents/[id]/postmortem': { GET: 'incidents:write', POST: 'incidents:write' },
      '/admin/incidents/[id]/delete': { GET: 'incidents:delete', POST: 'incidents:delete' },
      '/admin/audit': { GET: 'admin:read' },
      '/admin/due.json': { GET: 'admin:read' },
      '/admin/maintenance/new': { GET: 'incidents:write', POST: 'incidents:write' },
      '/admin/maintenance/[id]': { GET: 'admin:read', POST: 'incidents:write' },
      '/admin/templates': { GET: 'admin:read', POST: 'incidents:write' },
      '/admin/templates/new': { GET: 'incidents:write', POST: 'incidents:write' },
      '/admin/templates/[id]': { GET: 'admin:read', POST: 'incidents:write' },
      '/admin/proposals/[id]': { GET: 'admin:read', POST: 'incidents:write' },
      '/admin/alerts': { GET: 'admin:read' },
      '/admin/alerts/rules': { GET: 'admin:read', POST: 'settings:write' },
      '/admin/tokens': { GET: 'tokens:manage', POST: 'tokens:manage' },
      '/admin/tokens/[id]': { GET: 'tokens:manage', POST: 'tokens:manage' },
      '/admin/channels': { GET: 'settings:write', POST: 'settings:write' },
      '/admin/heartbeats': { GET: 'settings:write', POST: 'settings:write' },
      '/admin/upstream': { GET: 'settings:write', POST: 'settings:write' },
    });
  });

  it('does not overlap with the open routes', () => {
    for (const r of OPEN_ADMIN_ROUTES) expect(Object.keys(ADMIN_ROUTES)).not.toContain(r);
    expect([...OPEN_ADMIN_ROUTES].sort()).toEqual(['/admin/login', '/admin/login/code', '/admin/setup/[token]', '/admin/sso/callback', '/admin/sso/start']);
  });
});

/** Astro's route pattern for a page file under src/pages. */
function routePatternOf(pagesDir: string, file: string): string {
  const path = relative(pagesDir, file).split(sep).join('/');
  const withoutExt = path.replace(/\.(astro|ts|js|mjs|md|mdx|html)$/, '');
  // Astro lower-cases route patterns: a page `[updateId].astro` is matched as `[updateid]`.
  const route = `/${withoutExt}`.replace(/\/index$/, '').toLowerCase();
  return route === '' ? '/' : route;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('every page under src/pages/admin is guarded', () => {
  const pagesDir = fileURLToPath(new URL('../../../src/pages/', import.meta.url));
  const files = walk(join(pagesDir, 'admin')).filter((f) => /\.(astro|ts|js|mjs|md|mdx|html)$/.test(f) && !/(^|\/)_/.test(relative(pagesDir, f)));
  const routes = files.map((f) => routePatternOf(pagesDir, f));

  it('converts file names to route patterns like Astro', () => {
    expect(routePatternOf(pagesDir, join(pagesDir, 'admin', 'index.astro'))).toBe('/admin');
    expect(routePatternOf(pagesDir, join(pagesDir, 'admin', 'setup', '[token].astro'))).toBe('/admin/setup/[token]');
    expect(routePatternOf(pagesDir, join(pagesDir, 'admin', 'logout.ts'))).toBe('/admin/logout');
    expect(routePatternOf(pagesDir, join(pagesDir, 'admin', 'users', 'index.astro'))).toBe('/admin/users');
  });

  it('finds the admin pages (recursively)', () => {
    expect(routes).toEqual(expect.arrayContaining(['/admin', '/admin/login', '/admin/logout', '/admin/account', '/admin/setup/[token]']));
  });

  it.each(routes)('%s is in ADMIN_ROUTES or OPEN_ADMIN_ROUTES', (route) => {
    expect(isAdminRoute(route)).toBe(true);
    const listed = route in ADMIN_ROUTES || OPEN_ADMIN_ROUTES.includes(route);
    expect(listed, `${route} is not in ADMIN_ROUTES or OPEN_ADMIN_ROUTES: everyone would be refused`).toBe(true);
    // And some role can reach it.
    if (!OPEN_ADMIN_ROUTES.includes(route)) {
      const methods = Object.keys(ADMIN_ROUTES[route]!);
      expect(methods.some((m) => adminAccess(route, m, 'owner') === 'allow')).toBe(true);
    }
  });

  it('lists no route that has no page (a stale entry)', () => {
    for (const r of [...Object.keys(ADMIN_ROUTES), ...OPEN_ADMIN_ROUTES]) expect(routes).toContain(r);
  });
});
