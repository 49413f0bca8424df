/** What a test sees of an HTTP answer from the admin area. */
export interface Reply {
  readonly status: number;
  readonly html: string;
  readonly headers: Headers;
  readonly location: string | null;
  /** The first beacon_session Set-Cookie line, if any. */
  readonly setCookie: string | undefined;
  /** Every beacon_session Set-Cookie line. */
  readonly setCookies: readonly string[];
  /** The session token it sets, if any. */
  readonly token: string | undefined;
}

export type SendInit = RequestInit & { cookie?: string; form?: Record<string, string> };

/**
 * A request as a same-site browser form would send it: `form` is posted urlencoded with this
 * site's Origin (unless one is given), `cookie` is the session token; redirects are not followed.
 */
export async function send(base: string, path: string, init: SendInit = {}): Promise<Reply> {
  const headers = new Headers(init.headers);
  if (init.cookie !== undefined) headers.set('cookie', `beacon_session=${init.cookie}`);
  let body = init.body;
  if (init.form) {
    headers.set('content-type', 'application/x-www-form-urlencoded');
    if (!headers.has('origin')) headers.set('origin', base);
    body = new URLSearchParams(init.form).toString();
  }
  const method = init.method ?? (init.form ? 'POST' : 'GET');
  const res = await fetch(`${base}${path}`, { redirect: 'manual', ...init, method, headers, body });
  const setCookies = res.headers.getSetCookie().filter((c) => c.startsWith('beacon_session='));
  const setCookie = setCookies[0];
  return {
    status: res.status,
    html: await res.text(),
    headers: res.headers,
    location: res.headers.get('location'),
    setCookie,
    setCookies,
    token: setCookie?.slice('beacon_session='.length).split(';')[0],
  };
}
