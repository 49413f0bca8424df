import type { Db } from '../../../db/client.js';
import { cacheableResponse, jsonError } from '../http/cacheable.js';
import { currentComponentStatus, currentPageStatus } from '../views/current-status.js';
import {
  componentBadge,
  errorBadge,
  isBadgeFormat,
  normaliseLabel,
  pageBadge,
  parseBadgeStyle,
  unknownBadge,
  type BadgeFormat,
  type BadgeModel,
  type BadgeStyle,
} from './badge-model.js';
import { renderBadgeJson, renderBadgeSvg } from './render.js';

/**
 * Short enough that GitHub's image proxy (camo) and shields.io pick up a new status within a
 * minute; revalidation after that is a cheap 304 thanks to the ETag.
 */
export const BADGE_MAX_AGE_SECONDS = 60;

export const BADGE_CONTENT_TYPES: Readonly<Record<BadgeFormat, string>> = {
  svg: 'image/svg+xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/**
 * An SVG opened directly is a document on our origin; should a label ever slip through unescaped,
 * this keeps it from running script or loading anything.
 */
const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'";

export interface BadgeRequest {
  /** A component's (or group's) slug, or null for the whole page. */
  readonly slug: string | null;
  /** The route's `[format]` segment, unchecked. */
  readonly format: string | undefined;
  readonly query: URLSearchParams;
}

/** The HTTP answer for any badge URL: status, label, style and format parsed here, drawn by render.ts. */
export function badgeResponse(request: Request, db: Db, req: BadgeRequest): Response {
  if (!isBadgeFormat(req.format)) {
    return jsonError(
      404,
      req.slug === null
        ? 'Badges are at /badge.svg and /badge.json.'
        : 'Component badges are at /components/{slug}/badge.svg and /components/{slug}/badge.json.',
    );
  }
  const format = req.format;
  const label = normaliseLabel(req.query.get('label'));
  const rawStyle = req.query.get('style');
  const style = parseBadgeStyle(rawStyle);
  if (!style.ok) return send(request, format, errorBadge(style.message), { status: 400, style: 'flat', isError: true });

  // JSON carries a style only when one was asked for, so shields.io's own ?style= keeps working otherwise.
  const explicitStyle = rawStyle ? style.style : undefined;
  if (req.slug === null) {
    return send(request, format, pageBadge(currentPageStatus(db), label), { status: 200, style: style.style, explicitStyle });
  }
  const component = currentComponentStatus(db, req.slug);
  if (!component) {
    // Still an image (or a valid shields.io answer), so a README does not show a broken picture.
    return send(request, format, unknownBadge(label), { status: 404, style: style.style, explicitStyle, isError: true });
  }
  return send(request, format, componentBadge(component, label), { status: 200, style: style.style, explicitStyle });
}

interface SendOptions {
  readonly status: 200 | 400 | 404;
  readonly style: BadgeStyle;
  readonly explicitStyle?: BadgeStyle | undefined;
  readonly isError?: boolean;
}

function send(request: Request, format: BadgeFormat, badge: BadgeModel, o: SendOptions): Response {
  const body =
    format === 'svg'
      ? renderBadgeSvg(badge, o.style)
      : renderBadgeJson(badge, { ...(o.explicitStyle ? { style: o.explicitStyle } : {}), isError: o.isError ?? false });
  const response = cacheableResponse(request, {
    body,
    contentType: BADGE_CONTENT_TYPES[format],
    status: o.status,
    maxAgeSeconds: BADGE_MAX_AGE_SECONDS,
    cors: true,
  });
  if (format === 'svg') response.headers.set('content-security-policy', SVG_CSP);
  response.headers.set('x-content-type-options', 'nosniff');
  return response;
}
