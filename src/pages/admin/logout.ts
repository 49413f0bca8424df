import type { APIRoute } from 'astro';
import { config } from '../../server/config';
import { database } from '../../server/db';
import { cookieSecure, deleteSessionCookie } from '../../server/auth/cookie';
import { invalidateSession } from '../../server/auth/session';

/** POST only (a link or image could not sign anyone out): ends this session. */
export const POST: APIRoute = ({ locals, cookies, request, redirect }) => {
  if (locals.session) invalidateSession(database().db, locals.session.id);
  deleteSessionCookie(cookies, cookieSecure(request.headers.get('host'), config.sessionSecure));
  return redirect('/admin/login', 303);
};
