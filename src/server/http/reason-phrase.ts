import { STATUS_CODES } from 'node:http';

/**
 * A page that sets only `Astro.response.status` keeps Astro's default status text, "OK", so a
 * refused form went out as "400 OK" (browsers show "400 (OK)"). The standard phrase for the code
 * replaces that default; a phrase a route chose itself is kept.
 */
export function withReasonPhrase(response: Response): Response {
  const phrase = STATUS_CODES[response.status];
  if (response.status === 200 || response.statusText !== 'OK' || !phrase) return response;
  return new Response(response.body, { status: response.status, statusText: phrase, headers: response.headers });
}
