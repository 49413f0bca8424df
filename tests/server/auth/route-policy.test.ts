import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../src/core/policy.js';
import { ADMIN_ROUTES, adminAccess, isAdminRoute } from '../../../src/server/auth/route-policy.js';

/**
 * The expected matrix, written out by hand rather than derived from ADMIN_ROUTES: role →
 * route → method → access. Owners, editors and viewers may read the admin area; every role,
 * the reader included, may open its own account and second factor and sign out — and a reader
 * nothing else.
 */
const EXPECTED: Record<string, Record<string, Record<Role, string>>> = {
  '/admin': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'forbidden' },
    POST: { owner: 'method_not_allowed', editor: 'method_not_allowed', viewer: 'method_not_allowed', reader: 'method_not_allowed' },
  },
  '/admin/account': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'allow' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'allow' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'allow' },
  },
  // Setting up one's own second factor: everyone.
  '/admin/account/two-factor': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'allow' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'allow' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'allow' },
  },
  // Who may sign in how, and who sees the page: owners only.
  '/admin/access': {
    GET: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
    POST: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
  },
  '/admin/logout': {
    GET: { owner: 'method_not_allowed', editor: 'method_not_allowed', viewer: 'method_not_allowed', reader: 'method_not_allowed' },
    HEAD: { owner: 'method_not_allowed', editor: 'method_not_allowed', viewer: 'method_not_allowed', reader: 'method_not_allowed' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'allow' },
  },
  // Opening an incident is the comms lead's work: viewers may not even see the form.
  '/admin/incidents/new': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
  },
  // Everyone may read an incident's admin page; only editors and owners post updates.
  '/admin/incidents/[id]': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'forbidden' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
  },
  // Subscriber addresses are personal data: viewers see only the counts on the dashboard.
  '/admin/subscribers': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
  },
  '/admin/subscribers.csv': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
    POST: { owner: 'method_not_allowed', editor: 'method_not_allowed', viewer: 'method_not_allowed', reader: 'method_not_allowed' },
  },
  // Everyone may see the components; changes are posted to each component's page.
  '/admin/components': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'forbidden' },
    POST: { owner: 'method_not_allowed', editor: 'method_not_allowed', viewer: 'method_not_allowed', reader: 'method_not_allowed' },
  },
  // Defining components is the owner's.
  '/admin/components/new': {
    GET: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
    POST: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
  },
  // Editors post here to set a status by hand; the owner-only actions are refused to them by the
  // submit function itself (tests/server/forms/component-submit.test.ts).
  '/admin/components/[id]': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'forbidden' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
  },
  // Settings are the owner's, to read and to change.
  '/admin/settings': {
    GET: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
    POST: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
  },
  // Recording a past incident, correcting an update and writing a postmortem are the comms lead's work.
  '/admin/incidents/backfill': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
  },
  '/admin/incidents/[id]/updates/[update]': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
  },
  '/admin/incidents/[id]/postmortem': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
  },
  // Deleting is destructive: owners only, even the confirmation page.
  '/admin/incidents/[id]/delete': {
    GET: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
    POST: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
  },
  // Everyone signed in may read who changed what; nobody writes to it by hand.
  '/admin/audit': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'forbidden' },
    POST: { owner: 'method_not_allowed', editor: 'method_not_allowed', viewer: 'method_not_allowed', reader: 'method_not_allowed' },
  },
  // The dashboard's and incident page's due state: whoever may see them may refresh them.
  '/admin/due.json': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'forbidden' },
    POST: { owner: 'method_not_allowed', editor: 'method_not_allowed', viewer: 'method_not_allowed', reader: 'method_not_allowed' },
  },
  // Scheduling maintenance is the comms lead's work, like opening an incident.
  '/admin/maintenance/new': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
  },
  // Everyone may read a maintenance's admin page; only editors and owners post updates.
  '/admin/maintenance/[id]': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'forbidden' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
  },
  // Viewers may read the templates; editors and owners reorder them (POST on the list).
  '/admin/templates': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'forbidden' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
  },
  '/admin/templates/new': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
  },
  // Editing and deleting are POSTs to the template's page.
  '/admin/templates/[id]': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'forbidden' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
  },
  // Everyone sees a proposal from alerts; publishing or dismissing it is the comms lead's.
  '/admin/proposals/[id]': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'forbidden' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
  },
  '/admin/alerts': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'forbidden' },
    POST: { owner: 'method_not_allowed', editor: 'method_not_allowed', viewer: 'method_not_allowed', reader: 'method_not_allowed' },
  },
  // Routing rules change what alerts do to the page: owners only.
  '/admin/alerts/rules': {
    GET: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'allow', viewer: 'allow', reader: 'forbidden' },
    POST: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
  },
  // API tokens act without a person behind them: owners only, even to see the list.
  '/admin/tokens': {
    GET: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
    POST: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
  },
  '/admin/tokens/[id]': {
    GET: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
    POST: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
  },
  // Team channels hold webhook URLs and make the server call out: owners only, even to see them.
  '/admin/channels': {
    GET: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
    POST: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
  },
  // Heartbeats hand out ping secrets and followed pages make the server call out: owners only.
  '/admin/heartbeats': {
    GET: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
    POST: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
  },
  '/admin/upstream': {
    GET: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
    HEAD: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
    POST: { owner: 'allow', editor: 'forbidden', viewer: 'forbidden', reader: 'forbidden' },
  },
  // The live preview serves the message editors: writers only.
  '/admin/preview': {
    GET: { owner: 'method_not_allowed', editor: 'method_not_allowed', viewer: 'method_not_allowed', reader: 'method_not_allowed' },
    HEAD: { owner: 'method_not_allowed', editor: 'method_not_allowed', viewer: 'method_not_allowed', reader: 'method_not_allowed' },
    POST: { owner: 'allow', editor: 'allow', viewer: 'forbidden', reader: 'forbidden' },
  },
};

describe('ADMIN_ROUTES', () => {
  it('lists exactly the routes whose matrix is written out here', () => {
    // A new route must be added to EXPECTED too, so its access is decided deliberately.
    expect(Object.keys(ADMIN_ROUTES).sort()).toEqual(Object.keys(EXPECTED).sort());
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
