import type { ServerResponse } from 'node:http';

/**
 * Headers every response carries unless its route sets its own (/embed sends a CSP that allows
 * framing; headers a route sets win). The pages load only our own CSS and no script; the brand
 * colour arrives as an inline style attribute, hence 'unsafe-inline' for styles only. Logos may be
 * hosted anywhere over https. Nobody may frame the page (clickjacking on admin forms).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

/** Paths other sites are meant to use from their own pages: framed (/embed) or scripted (/embed.js). */
const FRAMEABLE = new Set(['/embed']);

const FRAMEABLE_HEADERS = Object.fromEntries(Object.entries(SECURITY_HEADERS).filter(([name]) => name !== 'x-frame-options' && name !== 'content-security-policy'));

/** The security headers for a path: all of them, or for /embed all but the framing rules (it sends its own CSP). */
export function securityHeadersFor(pathname: string): Readonly<Record<string, string>> {
  return FRAMEABLE.has(pathname) ? FRAMEABLE_HEADERS : SECURITY_HEADERS;
}

export function applySecurityHeaders(res: ServerResponse, pathname: string): void {
  for (const [name, value] of Object.entries(securityHeadersFor(pathname))) res.setHeader(name, value);
}
