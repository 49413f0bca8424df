import { describe, expect, it } from 'vitest';
import { can, isRole, PERMISSIONS, ROLE_LABELS, ROLES, type Permission, type Role } from '../../src/core/policy.js';

/** What each role may do, written out by hand: the policy must match it exactly. */
const EXPECTED: Record<Role, readonly Permission[]> = {
  owner: ['admin:read', 'incidents:write', 'incidents:delete', 'settings:write', 'subscribers:manage', 'users:manage', 'tokens:manage', 'account:write'],
  // The comms lead looks after the people they write to.
  editor: ['admin:read', 'incidents:write', 'subscribers:manage', 'account:write'],
  viewer: ['admin:read', 'account:write'],
  // Sees a private status page; of the admin area only its own account.
  reader: ['account:write'],
};

describe('roles and permissions', () => {
  it('has exactly four roles and eight permissions', () => {
    expect([...ROLES]).toEqual(['owner', 'editor', 'viewer', 'reader']);
    expect([...PERMISSIONS].sort()).toEqual(
      ['account:write', 'admin:read', 'incidents:delete', 'incidents:write', 'settings:write', 'subscribers:manage', 'tokens:manage', 'users:manage'],
    );
  });

  const cases = ROLES.flatMap((role) => PERMISSIONS.map((permission) => [role, permission, EXPECTED[role].includes(permission)] as const));
  it.each(cases)('can(%s, %s) is %s', (role, permission, allowed) => {
    expect(can(role, permission)).toBe(allowed);
  });

  it('lets owners do everything, and only owners delete incidents, change settings, manage users or API tokens', () => {
    for (const p of PERMISSIONS) expect(can('owner', p)).toBe(true);
    for (const p of ['incidents:delete', 'settings:write', 'users:manage', 'tokens:manage'] as const) {
      expect(ROLES.filter((r) => can(r, p))).toEqual(['owner']);
    }
  });

  it('lets every role change its own password, and every role but the reader read the admin area', () => {
    for (const r of ROLES) expect(can(r, 'account:write')).toBe(true);
    expect(ROLES.filter((r) => can(r, 'admin:read'))).toEqual(['owner', 'editor', 'viewer']);
  });

  it('lets a reader do nothing but change its own account', () => {
    expect(PERMISSIONS.filter((p) => can('reader', p))).toEqual(['account:write']);
  });

  it('recognises roles and nothing else', () => {
    for (const r of ROLES) expect(isRole(r)).toBe(true);
    for (const v of ['Owner', 'admin', '', ' owner', 'owner ', null, undefined, 1, {}, ['owner']]) expect(isRole(v)).toBe(false);
  });

  it('labels every role', () => {
    expect(ROLE_LABELS).toEqual({ owner: 'Owner', editor: 'Editor', viewer: 'Viewer', reader: 'Reader' });
  });
});
