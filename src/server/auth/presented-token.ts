/**
 * The token a request carries, in any of the three forms Statuspage's clients send:
 * `Authorization: OAuth <token>` (Statuspage's own), `Authorization: Bearer <token>` (what
 * Alertmanager and Grafana send), or `?api_key=<token>`. Null when none is given.
 */
export function presentedToken(request: Request, url: URL): string | null {
  const header = request.headers.get('authorization');
  if (header !== null) {
    const match = /^\s*(?:OAuth|Bearer)\s+(\S+)\s*$/i.exec(header);
    return match ? match[1]! : null;
  }
  const fromQuery = url.searchParams.get('api_key');
  return fromQuery && fromQuery.trim() !== '' ? fromQuery.trim() : null;
}
