import type { Role } from '../../core/policy.js';
import { adminAccess } from './route-policy.js';

/** Where to go after signing in: only a path inside the admin area, never another site. */
export function safeNextPath(raw: string | null): string {
  if (!raw || !raw.startsWith('/admin') || raw.startsWith('//') || raw.includes('\\')) return '/admin';
  try {
    const url = new URL(raw, 'http://beacon.invalid');
    return url.origin === 'http://beacon.invalid' && url.pathname.startsWith('/admin') ? url.pathname + url.search : '/admin';
  } catch {
    return '/admin';
  }
}

/**
 * Where someone with `role` lands after signing in, given the (safe) path they asked for: there,
 * if their role may open it; a reader, who sees none of the admin area but their own account,
 * lands on the status page instead of a refusal.
 */
export function landingPath(role: Role, next: string): string {
  const pathname = new URL(next, 'http://beacon.invalid').pathname;
  if (adminAccess(pathname, 'GET', role) === 'allow') return next;
  return adminAccess('/admin', 'GET', role) === 'allow' ? next : '/';
}
