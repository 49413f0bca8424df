import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../src/core/policy.js';
import { ADMIN_ROUTES, adminAccess, isAdminRoute, OPEN_ADMIN_ROUTES } from '../../../src/server/auth/route-policy.js';

/**
 * The expected matrix, written out by hand rather than derived from ADMIN_ROUTES: role →
 * route → method → access. Every role may read the admin area and change its own password.
 */
const EXPECTED: Record<string, Record<string, Record<Role, string>>> = {
  '/admin': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow' },
    POST: { owner: 'method_not_allowed', editor: 'method_not_allowed', viewer: 'method_not_allowed' },
  },
  '/admin/account': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'allow' },
  },
  // Setting up one's own second factor: everyone.
  '/admin/account/two-factor': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'allow' },
  },
  // Who may sign in how, and who sees the page: owners only.
  '/admin/access': {
    GET: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
    POST: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
  },
  '/admin/logout': {
    GET: { owner: 'method_not_allowed', editor: 'method_not_allowed', viewer: 'method_not_allowed' },
    HEAD: { owner: 'method_not_allowed', editor: 'method_not_allowed', viewer: 'method_not_allowed' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'allow' },
  },
  // Opening an incident is the comms lead's work: viewers may not even see the form.
  '/admin/incidents/new': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
  },
  // Everyone may read an incident's admin page; only editors and owners post updates.
  '/admin/incidents/[id]': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
  },
  // Subscriber addresses are personal data: viewers see only the counts on the dashboard.
  '/admin/subscribers': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
  },
  '/admin/subscribers.csv': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
    POST: { owner: 'method_not_allowed', editor: 'method_not_allowed', viewer: 'method_not_allowed' },
  },
  // Everyone may see the components; changes are posted to each component's page.
  '/admin/components': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow' },
    POST: { owner: 'method_not_allowed', editor: 'method_not_allowed', viewer: 'method_not_allowed' },
  },
  // Defining components is the owner's.
  '/admin/components/new': {
    GET: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
    POST: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
  },
  // Editors post here to set a status by hand; the owner-only actions are refused to them by the
  // submit function itself (tests/server/forms/component-submit.test.ts).
  '/admin/components/[id]': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
  },
  // Settings are the owner's, to read and to change.
  '/admin/settings': {
    GET: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
    POST: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
  },
  // Recording a past incident, correcting an update and writing a postmortem are the comms lead's work.
  '/admin/incidents/backfill': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
  },
  '/admin/incidents/[id]/updates/[update]': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
  },
  '/admin/incidents/[id]/postmortem': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
  },
  // Deleting is destructive: owners only, even the confirmation page.
  '/admin/incidents/[id]/delete': {
    GET: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
    POST: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
  },
  // Everyone signed in may read who changed what; nobody writes to it by hand.
  '/admin/audit': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow' },
    POST: { owner: 'method_not_allowed', editor: 'method_not_allowed', viewer: 'method_not_allowed' },
  },
  // Scheduling maintenance is the comms lead's work, like opening an incident.
  '/admin/maintenance/new': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
  },
  // Everyone may read a maintenance's admin page; only editors and owners post updates.
  '/admin/maintenance/[id]': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
  },
  // Viewers may read the templates; editors and owners reorder them (POST on the list).
  '/admin/templates': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
  },
  '/admin/templates/new': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
  },
  // Editing and deleting are POSTs to the template's page.
  '/admin/templates/[id]': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
  },
  // Everyone sees a proposal from alerts; publishing or dismissing it is the comms lead's.
  '/admin/proposals/[id]': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
  },
  '/admin/alerts': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow' },
    POST: { owner: 'method_not_allowed', editor: 'method_not_allowed', viewer: 'method_not_allowed' },
  },
  // Routing rules change what alerts do to the page: owners only.
  '/admin/alerts/rules': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow' },
    POST: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
  },
  // API tokens act without a person behind them: owners only, even to see the list.
  '/admin/tokens': {
    GET: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
    POST: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
  },
  '/admin/tokens/[id]': {
    GET: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
    POST: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
  },
  // Team channels hold webhook URLs and make the server call out: owners only, even to see them.
  '/admin/channels': {
    GET: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
    POST: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
  },
  // Heartbeats hand out ping secrets and followed pages make the server call out: owners only.
  '/admin/heartbeats': {
    GET: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
    POST: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
  },
  '/admin/upstream': {
    GET: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
    POST: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden' },
  },
  // The live preview serves the message editors: writers only.
  '/admin/preview': {
    GET: { owner: 'method_not_allowed', editor: 'method_not_allowed', viewer: 'method_not_allowed' },
    HEAD: { owner: 'method_not_allowed', editor: 'method_not_allowed', viewer: 'method_not_allowed' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden' },
  },
};

describe('ADMIN_ROUTES', () => {
  it('lists exactly the routes whose matrix is written out here', () => {
    // A new route must be added to EXPECTED too, so its access is decided deliberately.
    expect(Object.keys(ADMIN_ROUTES).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('names the permission for each method', () => {
    expect(ADMIN_ROUTES).toEqual({
      '/admin': { GET: 'admin:read' },
      '/admin/account': { GET: 'admin:read', POST: 'account:write' },
      '/admin/account/two-factor': { GET: 'account:write', POST: 'account:write' },
      '/admin/access': { GET: 'users:manage', POST: 'users:manage' },
      '/admin/logout': { POST: 'admin:read' },
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
      '/admin/heartbeats': { GET: 'settings:write', POST: 'settings:write' },
      '/admin/upstream': { GET: 'settings:write', POST: 'settings:write' },
      '/admin/channels': { GET: 'settings:write', POST: 'settings:write' },
    });
  });

  it('does not overlap with the open routes', () => {
    for (const r of OPEN_ADMIN_ROUTES) expect(Object.keys(ADMIN_ROUTES)).not.toContain(r);
    expect([...OPEN_ADMIN_ROUTES].sort()).toEqual(['/admin/login', '/admin/login/code', '/admin/setup/[token]', '/admin/sso/callback', '/admin/sso/start']);
  });
});

describe('adminAccess: roles × routes × methods', () => {
  const cases = Object.entries(EXPECTED).flatMap(([route, methods]) =>
    Object.entries(methods).flatMap(([method, byRole]) => ROLES.map((role) => [role, method, route, byRole[role]] as const)),
  );
  it.each(cases)('%s %s %s → %s', (role, method, route, expected) => {
    expect(adminAccess(route, method, role)).toBe(expected);
  });

  it.each(Object.keys(EXPECTED).flatMap((route) => ['GET', 'HEAD', 'POST'].map((m) => [m, route] as const)))(
    'asks someone not signed in to sign in: %s %s',
    (method, route) => {
      expect(adminAccess(route, method, null)).toBe('sign_in');
    },
  );

  it('treats HEAD as GET and refuses methods no route lists', () => {
    for (const role of ROLES) {
      expect(adminAccess('/admin', 'HEAD', role)).toBe(adminAccess('/admin', 'GET', role));
      for (const m of ['PUT', 'DELETE', 'PATCH', 'OPTIONS']) expect(adminAccess('/admin/account', m, role)).toBe('method_not_allowed');
    }
  });
});

describe('adminAccess: open, unknown and public routes', () => {
  it.each(['/admin/login', '/admin/setup/[token]'])('%s is open to everyone, signed in or not, any method', (route) => {
    for (const role of [...ROLES, null]) for (const m of ['GET', 'POST', 'HEAD']) expect(adminAccess(route, m, role)).toBe('open');
  });

  it.each(['/admin/users', '/admin/no-such-page', '/admin/templates/[id]/history', '/admin/[...rest]'])(
    'refuses an unlisted admin route %s to every role, even the owner',
    (route) => {
      for (const role of ROLES) for (const m of ['GET', 'POST']) expect(adminAccess(route, m, role)).toBe('forbidden');
      expect(adminAccess(route, 'GET', null)).toBe('sign_in');
    },
  );

  it.each(['/', '/incidents/[id]', '/api/v2/summary.json', '/administrator', '/adminx', '/admins/[x]'])(
    '%s is not an admin route',
    (route) => {
      expect(isAdminRoute(route)).toBe(false);
      for (const role of [...ROLES, null]) expect(adminAccess(route, 'POST', role)).toBe('not_admin');
    },
  );
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
