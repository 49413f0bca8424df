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
