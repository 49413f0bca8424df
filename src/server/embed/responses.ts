import type { Db } from '../../../db/client.js';
import type { Config } from '../config.js';
import { cacheableResponse } from '../http/cacheable.js';
import { publicBaseUrl } from '../public-url.js';
import { readPageSettings } from '../settings.js';
import { currentPageStatus } from '../views/current-status.js';
import { renderEmbedPage } from './embed-page.js';
// The widget is a plain browser script kept as its own file so it can be type-checked and tested alone.
import widgetSource from './widget.js?raw';

/** The script changes only with a deploy; five minutes keeps upgrades quick and revalidation is a 304. */
export const EMBED_SCRIPT_MAX_AGE_SECONDS = 300;
/** The /embed frame shows live status: as fresh as the badges. */
export const EMBED_PAGE_MAX_AGE_SECONDS = 60;

/**
 * /embed is meant to be framed by any site, and only it: framing is allowed here and nowhere else.
 * Nothing else may load or run inside it.
 */
export const EMBED_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *";

/** /embed.js: the notice widget third-party pages include with one script tag. */
export function embedScriptResponse(request: Request): Response {
  const response = cacheableResponse(request, {
    body: widgetSource,
    contentType: 'text/javascript; charset=utf-8',
    maxAgeSeconds: EMBED_SCRIPT_MAX_AGE_SECONDS,
    cors: true,
  });
  crossSite(response);
  return response;
}

/** /embed: a one-line status for an iframe, no JavaScript needed. */
export function embedPageResponse(request: Request, db: Db, cfg: Pick<Config, 'publicUrl' | 'listenUrl'>, now: number): Response {
  const settings = readPageSettings(db, now);
  const base = publicBaseUrl(cfg.publicUrl, settings.url, cfg.listenUrl);
  const body = renderEmbedPage({ pageName: settings.name, status: currentPageStatus(db), pageUrl: `${base}/` });
  const response = cacheableResponse(request, {
    body,
    contentType: 'text/html; charset=utf-8',
    maxAgeSeconds: EMBED_PAGE_MAX_AGE_SECONDS,
  });
  response.headers.set('content-security-policy', EMBED_PAGE_CSP);
  crossSite(response);
  return response;
}

/**
 * Embeds load from other origins: allow that even on host pages that isolate themselves
 * (Cross-Origin-Embedder-Policy), and never let a browser sniff another type.
 */
function crossSite(response: Response): void {
  response.headers.set('cross-origin-resource-policy', 'cross-origin');
  response.headers.set('x-content-type-options', 'nosniff');
}
