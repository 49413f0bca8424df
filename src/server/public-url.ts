/**
 * The absolute base for links that leave the page (feeds, mail): PUBLIC_URL, else the
 * page's configured URL, else where the server listens. Never the request's Host header:
 * it is the client's to choose, and a cached feed would carry its choice to everyone.
 */
export function publicBaseUrl(configured: string | null, pageUrl: string | null, listenUrl: string): string {
  for (const candidate of [configured, pageUrl]) {
    if (!candidate) continue;
    try {
      const url = new URL(candidate);
      if (url.protocol === 'http:' || url.protocol === 'https:') return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
    } catch {
      // Not a URL: fall through to the next source.
    }
  }
  return listenUrl;
}
