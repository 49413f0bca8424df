import type { APIRoute } from 'astro';
import { config } from '../../../server/config';
import { database } from '../../../server/db';
import { cookieSecure } from '../../../server/auth/cookie';
import { safeNextPath } from '../../../server/auth/next-path';
import { startSsoSignIn } from '../../../server/auth/oidc/flow';
import { ssoOrigin } from '../../../server/auth/oidc/redirect-base';
import { setPendingCookie } from '../../../server/auth/pending-sign-in';

const text = (body: string, status: number): Response => new Response(`${body}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/** Sends the browser to the provider; the sign-in form links here. */
export const GET: APIRoute = async ({ url, cookies, request, redirect }) => {
  const oidc = config.oidc;
  if (!oidc) return text('Single sign-on is not configured on this page.', 404);
  const db = database().db;
  const now = Date.now();
  try {
    const start = await startSsoSignIn(db, oidc, ssoOrigin(db, now), safeNextPath(url.searchParams.get('next')), now);
    setPendingCookie(cookies, start.token, start.expiresAt, cookieSecure(request.headers.get('host'), config.sessionSecure));
    return redirect(start.redirectTo, 303);
  } catch (e) {
    console.error(`single sign-on: the provider at ${oidc.issuer} could not be used: ${(e as Error).message}`);
    return text(`The sign-in provider (${oidc.displayName}) could not be reached. Try again in a minute, or ask an owner.`, 502);
  }
};
