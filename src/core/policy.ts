/**
 * Roles and what each may do. Every admin route and action names one permission;
 * src/server/auth/route-policy.ts maps routes to permissions, so access is decided here only.
 */
/** Most powerful first. A reader sees a private public page and nothing of the admin area. */
export const ROLES = ['owner', 'editor', 'viewer', 'reader'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  /** See the admin area (read-only). */
  'admin:read',
  /** Incidents, maintenance, templates, component status: the comms lead's work. */
  'incidents:write',
  /** Destructive: delete incidents. */
  'incidents:delete',
  /** Page settings and components' definitions. */
  'settings:write',
  /** See, export, remove and reactivate email subscribers; retry failed deliveries. */
  'subscribers:manage',
  /** Create, change and remove accounts. */
  'users:manage',
  /** Create and revoke API tokens: a write token can do anything an editor can, without a person behind it. */
  'tokens:manage',
  /** Change one's own password. */
  'account:write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Readonly<Record<Role, readonly Permission[]>> = {
  owner: PERMISSIONS,
  editor: ['admin:read', 'incidents:write', 'subscribers:manage', 'account:write'],
  viewer: ['admin:read', 'account:write'],
  reader: ['account:write'],
};

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  owner: 'Owner',
  editor: 'Editor',
  viewer: 'Viewer',
  reader: 'Reader',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
