import { can, type Role } from '../../core/policy.js';

/** What someone signed in reads when their role may not open an admin route: in one place. */
export function forbiddenWords(role: Role): string {
  if (!can(role, 'admin:read')) {
    return 'You are signed in as a reader: you may see the status page (/) and your own account (/admin/account), not the rest of the admin area. Ask an owner if you need more.';
  }
  return 'Your role does not allow this. Ask an owner if you need it.';
}
