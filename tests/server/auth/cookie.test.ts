import type { AstroCookies } from 'astro';
import { describe, expect, it } from 'vitest';
import { cookieSecure, deleteSessionCookie, SESSION_COOKIE, setSessionCookie } from '../../../src/server/auth/cookie.js';

describe('cookieSecure', () => {
  it.each(['localhost', 'localhost:4321', 'LOCALHOST:8080', '127.0.0.1', '127.0.0.1:4321', '[::1]', '[::1]:4321'])(
    'is not Secure on plain loopback %s (any port)',
    (host) => {
      expect(cookieSecure(host, null)).toBe(false);
    },
  );

  it.each(['status.example.com', 'status.example.com:443', '192.168.1.10:4321', 'localhost.example.com', '127.0.0.1.nip.io', 'evil-localhost'])(
    'is Secure on %s',
    (host) => {
      expect(cookieSecure(host, null)).toBe(true);
    },
  );

  it('is Secure without a Host header', () => {
    expect(cookieSecure(null, null)).toBe(true);
    expect(cookieSecure('', null)).toBe(true);
  });

  it('obeys SESSION_SECURE both ways', () => {
    expect(cookieSecure('status.example.com', false)).toBe(false);
    expect(cookieSecure('127.0.0.1:4321', true)).toBe(true);
    expect(cookieSecure('localhost', true)).toBe(true);
    expect(cookieSecure(null, false)).toBe(false);
  });
});

function fakeCookies(): { cookies: AstroCookies; calls: unknown[][] } {
  const calls: unknown[][] = [];
  return { cookies: { set: (...args: unknown[]) => void calls.push(args) } as unknown as AstroCookies, calls };
}

describe('session cookie', () => {
  it('is called beacon_session', () => {
    expect(SESSION_COOKIE).toBe('beacon_session');
  });

  it('is set HttpOnly, SameSite=Lax, site-wide, until the session expires', () => {
    const { cookies, calls } = fakeCookies();
    const expiresAt = Date.UTC(2026, 5, 12);
    setSessionCookie(cookies, 'tok', expiresAt, true);
    expect(calls).toEqual([['beacon_session', 'tok', { httpOnly: true, sameSite: 'lax', secure: true, path: '/', expires: new Date(expiresAt) }]]);
    setSessionCookie(cookies, 'tok', expiresAt, false);
    expect((calls[1]![2] as { secure: boolean }).secure).toBe(false);
  });

  it('is deleted by an empty value that expires at once', () => {
    const { cookies, calls } = fakeCookies();
    deleteSessionCookie(cookies, false);
    expect(calls).toEqual([['beacon_session', '', { httpOnly: true, sameSite: 'lax', secure: false, path: '/', maxAge: 0 }]]);
  });
});
