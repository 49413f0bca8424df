import type { AstroCookies } from 'astro';

export const SESSION_COOKIE = 'beacon_session';

/**
 * Secure unless the page is served on plain localhost (where browsers accept only non-Secure
 * cookies over http). SESSION_SECURE=false forces it off, e.g. on a trusted LAN without TLS.
 */
export function cookieSecure(hostHeader: string | null, sessionSecure: boolean | null): boolean {
  if (sessionSecure !== null) return sessionSecure;
  const host = (hostHeader ?? '').toLowerCase().replace(/:\d+$/, '');
  return !['localhost', '127.0.0.1', '[::1]'].includes(host);
}

export function setSessionCookie(cookies: AstroCookies, token: string, expiresAt: number, secure: boolean): void {
  cookies.set(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: new Date(expiresAt) });
}

export function deleteSessionCookie(cookies: AstroCookies, secure: boolean): void {
  cookies.set(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 0 });
}
