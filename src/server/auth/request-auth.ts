import type { APIContext } from 'astro';
import { config } from '../config.js';
import { database } from '../db.js';
import { cookieSecure, deleteSessionCookie, SESSION_COOKIE, setSessionCookie } from './cookie.js';
import { isCrossSiteFormPost, needsFormCheck } from './csrf.js';
import { forbiddenWords } from './refusal-words.js';
import { adminAccess, isAdminRoute } from './route-policy.js';
import { type SessionUser, validateSessionToken } from './session.js';
import { readAccessSettings } from './access-settings.js';
import { mustSetUpTotp } from './totp/two-factor.js';
import { isMachineRoute, needsSignInWhenPrivate, PRIVATE_REFUSAL } from './private/gate.js';
import { presentedToken } from './presented-token.js';
import { isReadToken } from './private/read-token.js';
import { isPagePrivate } from './private/visibility.js';

/** Where an owner without a required second factor may still go. */
const SECOND_FACTOR_SETUP_ROUTES: readonly string[] = ['/admin/account/two-factor', '/admin/logout'];

function ownerSecondFactorGate(context: APIContext): Response | null {
  const user = context.locals.user;
  if (!user || user.role !== 'owner' || SECOND_FACTOR_SETUP_ROUTES.includes(context.routePattern)) return null;
  const db = database().db;
  if (!mustSetUpTotp(db, user.id, user.role, readAccessSettings(db, Date.now()).ownersNeedTotp)) return null;
  return context.redirect('/admin/account/two-factor?required=1', 303);
}

/** Validates the session cookie, if any, into locals (renewing or clearing the cookie). */
function readSession(context: APIContext, now: number): SessionUser | null {
  const secure = cookieSecure(context.request.headers.get('host'), config.sessionSecure);
  const token = context.cookies.get(SESSION_COOKIE)?.value;
  if (!token) return null;
  const result = validateSessionToken(database().db, token, now);
  if (result) {
    context.locals.user = result.user;
    context.locals.session = result.session;
    if (result.renewed) setSessionCookie(context.cookies, token, result.session.expiresAt, secure);
  } else {
    deleteSessionCookie(context.cookies, secure);
  }
  return result?.user ?? null;
}

/**
 * On a private page, public routes let in anyone signed in (any role) or holding a read token;
 * others get a 401 (documents) or the sign-in page (pages). Public pages stay untouched otherwise.
 */
function privatePageGate(context: APIContext, now: number): Response | null {
  if (!needsSignInWhenPrivate(context.routePattern)) return null;
  const db = database().db;
  if (!isPagePrivate(db)) return null;
  const token = presentedToken(context.request, context.url);
  if (token && isReadToken(db, token)) {
    context.locals.privateAccess = true;
    return null;
  }
  if (readSession(context, now)) {
    context.locals.privateAccess = true;
    return null;
  }
  const headers = { 'cache-control': 'no-store', vary: 'Cookie, Authorization' };
  if (isMachineRoute(context.url.pathname)) {
    return new Response(`${PRIVATE_REFUSAL}\n`, { status: 401, headers: { ...headers, 'www-authenticate': 'Bearer', 'content-type': 'text/plain; charset=utf-8' } });
  }
  return new Response(null, { status: 303, headers: { ...headers, location: '/admin/login' } });
}

/**
 * The per-request half of authentication, run by the middleware: refuse cross-site form
 * posts, validate the session once (admin routes only: public pages never need it and stay
 * cacheable), and apply the route policy. Returns a response to send instead, or null.
 */
export function authenticate(context: APIContext, now: number): Response | null {
  context.locals.user = null;
  context.locals.session = null;
  context.locals.privateAccess = false;
  if (needsFormCheck(context.routePattern) && isCrossSiteFormPost(context.request)) {
    return new Response('This form was sent from another site and has been refused.', { status: 403 });
  }
  if (!isAdminRoute(context.routePattern)) return privatePageGate(context, now);

  const user = readSession(context, now);
  switch (adminAccess(context.routePattern, context.request.method, user?.role ?? null)) {
    case 'sign_in': {
      const next = context.url.pathname + context.url.search;
      return context.redirect(`/admin/login?next=${encodeURIComponent(next)}`, 303);
    }
    case 'forbidden':
      return new Response(forbiddenWords(user!.role), { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    case 'method_not_allowed':
      return new Response('That method is not allowed here.', { status: 405 });
    default:
      return ownerSecondFactorGate(context);
  }
}
