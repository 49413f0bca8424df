import type { APIContext } from 'astro';
import { config } from '../config.js';
import { database } from '../db.js';
import { cookieSecure, deleteSessionCookie, SESSION_COOKIE, setSessionCookie } from './cookie.js';
import { isCrossSiteFormPost, TOKEN_AUTHORISED_POSTS } from './csrf.js';
import { adminAccess, isAdminRoute } from './route-policy.js';
import { validateSessionToken } from './session.js';
import { readAccessSettings } from './access-settings.js';
import { mustSetUpTotp } from './totp/two-factor.js';

/** Where an owner without a required second factor may still go. */
const SECOND_FACTOR_SETUP_ROUTES: readonly string[] = ['/admin/account/two-factor', '/admin/logout'];

function ownerSecondFactorGate(context: APIContext): Response | null {
  const user = context.locals.user;
  if (!user || user.role !== 'owner' || SECOND_FACTOR_SETUP_ROUTES.includes(context.routePattern)) return null;
  const db = database().db;
  if (!mustSetUpTotp(db, user.id, user.role, readAccessSettings(db, Date.now()).ownersNeedTotp)) return null;
  return context.redirect('/admin/account/two-factor?required=1', 303);
}

/**
 * The per-request half of authentication, run by the middleware: refuse cross-site form
 * posts, validate the session once (admin routes only: public pages never need it and stay
 * cacheable), and apply the route policy. Returns a response to send instead, or null.
 */
export function authenticate(context: APIContext, now: number): Response | null {
  context.locals.user = null;
  context.locals.session = null;
  if (isCrossSiteFormPost(context.request) && !TOKEN_AUTHORISED_POSTS.includes(context.routePattern)) {
    return new Response('This form was sent from another site and has been refused.', { status: 403 });
  }
  if (!isAdminRoute(context.routePattern)) return null;

  const secure = cookieSecure(context.request.headers.get('host'), config.sessionSecure);
  const token = context.cookies.get(SESSION_COOKIE)?.value;
  if (token) {
    const result = validateSessionToken(database().db, token, now);
    if (result) {
      context.locals.user = result.user;
      context.locals.session = result.session;
      if (result.renewed) setSessionCookie(context.cookies, token, result.session.expiresAt, secure);
    } else {
      deleteSessionCookie(context.cookies, secure);
    }
  }

  switch (adminAccess(context.routePattern, context.request.method, context.locals.user?.role ?? null)) {
    case 'sign_in': {
      const next = context.url.pathname + context.url.search;
      return context.redirect(`/admin/login?next=${encodeURIComponent(next)}`, 303);
    }
    case 'forbidden':
      return new Response('Your role does not allow this. Ask an owner if you need it.', { status: 403 });
    case 'method_not_allowed':
      return new Response('That method is not allowed here.', { status: 405 });
    default:
      return ownerSecondFactorGate(context);
  }
}
