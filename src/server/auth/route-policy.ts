import { can, type Permission, type Role } from '../../core/policy.js';

/**
 * Admin routes anyone may open: signing in (password, its second step, and the single sign-on
 * round trip, each bound to the browser by a pending sign-in cookie) and first-run setup.
 */
export const OPEN_ADMIN_ROUTES: readonly string[] = ['/admin/login', '/admin/login/code', '/admin/sso/start', '/admin/sso/callback', '/admin/setup/[token]'];

type Method = 'GET' | 'POST';

/**
 * Every signed-in admin route and the permission each method needs. This table is the one
 * place access is decided; a route missing from it is refused to everyone (a test checks
 * that every file under src/pages/admin is listed).
 */
export const ADMIN_ROUTES: Readonly<Record<string, Partial<Record<Method, Permission>>>> = {
  '/admin': { GET: 'admin:read' },
  // One's own account, second factor and signing out: every role, the reader included (who sees
  // nothing else of the admin area).
  '/admin/account': { GET: 'account:write', POST: 'account:write' },
  '/admin/account/two-factor': { GET: 'account:write', POST: 'account:write' },
  // Who may sign in how, the single sign-on group mapping, and whether the page is private.
  '/admin/access': { GET: 'users:manage', POST: 'users:manage' },
  '/admin/logout': { POST: 'account:write' },
  '/admin/incidents/new': { GET: 'incidents:write', POST: 'incidents:write' },
  '/admin/incidents/[id]': { GET: 'admin:read', POST: 'incidents:write' },
  // Addresses are personal data: only those who look after subscribers see them.
  '/admin/subscribers': { GET: 'subscribers:manage', POST: 'subscribers:manage' },
  '/admin/subscribers.csv': { GET: 'subscribers:manage' },
  '/admin/components': { GET: 'admin:read' },
  '/admin/components/new': { GET: 'settings:write', POST: 'settings:write' },
  // Editors POST here to set a status by hand; the definition actions check 'settings:write' per intent.
  '/admin/components/[id]': { GET: 'admin:read', POST: 'incidents:write' },
  '/admin/settings': { GET: 'settings:write', POST: 'settings:write' },
  // The message editors' live preview: only those who write messages.
  '/admin/preview': { POST: 'incidents:write' },
  '/admin/incidents/backfill': { GET: 'incidents:write', POST: 'incidents:write' },
  '/admin/incidents/[id]/updates/[update]': { GET: 'incidents:write', POST: 'incidents:write' },
  '/admin/incidents/[id]/postmortem': { GET: 'incidents:write', POST: 'incidents:write' },
  '/admin/incidents/[id]/delete': { GET: 'incidents:delete', POST: 'incidents:delete' },
  '/admin/audit': { GET: 'admin:read' },
  // Open incidents' next-update state, refreshed by the dashboard and incident pages.
  '/admin/due.json': { GET: 'admin:read' },
  '/admin/maintenance/new': { GET: 'incidents:write', POST: 'incidents:write' },
  '/admin/maintenance/[id]': { GET: 'admin:read', POST: 'incidents:write' },
  '/admin/templates': { GET: 'admin:read', POST: 'incidents:write' },
  '/admin/templates/new': { GET: 'incidents:write', POST: 'incidents:write' },
  '/admin/templates/[id]': { GET: 'admin:read', POST: 'incidents:write' },
  '/admin/proposals/[id]': { GET: 'admin:read', POST: 'incidents:write' },
  '/admin/alerts': { GET: 'admin:read' },
  '/admin/alerts/rules': { GET: 'admin:read', POST: 'settings:write' },
  // A token acts without a person behind it: only owners see, create and revoke them.
  '/admin/tokens': { GET: 'tokens:manage', POST: 'tokens:manage' },
  '/admin/tokens/[id]': { GET: 'tokens:manage', POST: 'tokens:manage' },
  // Heartbeats hand out ping secrets and followed pages make the server call out: owners only.
  '/admin/heartbeats': { GET: 'settings:write', POST: 'settings:write' },
  '/admin/upstream': { GET: 'settings:write', POST: 'settings:write' },
  // Team channels hold webhook URLs (credentials) and make the server call out: owners only.
  '/admin/channels': { GET: 'settings:write', POST: 'settings:write' },
};

export type AdminAccess = 'not_admin' | 'open' | 'allow' | 'sign_in' | 'forbidden' | 'method_not_allowed';

export function isAdminRoute(routePattern: string): boolean {
  return routePattern === '/admin' || routePattern.startsWith('/admin/');
}

/** What to do with a request for `routePattern` by someone with `role` (null: not signed in). */
export function adminAccess(routePattern: string, method: string, role: Role | null): AdminAccess {
  if (!isAdminRoute(routePattern)) return 'not_admin';
  if (OPEN_ADMIN_ROUTES.includes(routePattern)) return 'open';
  const entry = ADMIN_ROUTES[routePattern];
  if (role === null) return 'sign_in';
  if (!entry) return 'forbidden';
  const permission = entry[(method === 'HEAD' ? 'GET' : method) as Method];
  if (!permission) return 'method_not_allowed';
  return can(role, permission) ? 'allow' : 'forbidden';
}
