import { type Db, writeTransaction } from '../../../db/client.js';
import { apiPreflight } from '../api/cors.js';
import { publicBaseUrl } from '../public-url.js';
import { readPageSettings } from '../settings.js';
import { RejectedError } from '../write/events.js';
import { authenticateToken, tokenActor } from './authenticate.js';
import { parseBody, parseQuery } from './body.js';
import { ApiError } from './errors.js';
import { answerHeartbeatPing, isHeartbeatPath } from './heartbeat-ping.js';
import { checkedIdempotencyKey, rememberAnswer, replayFor, requestSignature } from './idempotency.js';
import { matchRoute } from './match.js';
import { openApiDocument } from './openapi.js';
import type { TokenRateLimiter } from './rate-limiter.js';
import { apiErrorResponse, jsonResponse } from './respond.js';
import type { ApiRoute, PageContext, RouteContext } from './route.js';
import { API_V1_ROUTES } from './routes/index.js';

export const API_V1_PREFIX = '/api/v1';

export interface ApiV1Deps {
  readonly db: Db;
  readonly publicUrl: string | null;
  readonly listenUrl: string;
  readonly mailFrom: string;
  readonly limiter: TokenRateLimiter;
  readonly now: number;
}

/** Path segments below /api/v1, decoded; a trailing `.json` is dropped (`/pages/abc.json`, as Statuspage's clients send). */
function segmentsOf(pathname: string): string[] {
  const rest = pathname.slice(API_V1_PREFIX.length).replace(/\.json$/, '');
  try {
    return rest.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  } catch {
    throw new ApiError(400, 'The address is not valid: it has a broken %-escape.');
  }
}

function pageContext(deps: ApiV1Deps): PageContext {
  const settings = readPageSettings(deps.db, deps.now);
  return { settings, baseUrl: publicBaseUrl(deps.publicUrl, settings.url, deps.listenUrl), mailFrom: deps.mailFrom };
}

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly replayed: boolean;
}

/** Runs a write with its idempotency bookkeeping in one transaction: the change and its remembered answer land together or not at all. */
function runWrite(deps: ApiV1Deps, route: ApiRoute, ctx: Omit<RouteContext<unknown, unknown>, 'db'>, request: Request, url: URL, text: string): Answer {
  const key = route.method === 'POST' ? checkedIdempotencyKey(request.headers.get('idempotency-key')) : null;
  const signature = key === null ? '' : requestSignature(route.method, url.pathname, text);
  return writeTransaction(deps.db, (tx) => {
    if (key !== null) {
      const replay = replayFor(tx, ctx.token.id, key, signature, deps.now);
      if (replay) return { ...replay, replayed: true };
    }
    const result = route.handle({ ...ctx, db: tx });
    const body = result.body === undefined ? '' : JSON.stringify(result.body);
    if (key !== null) rememberAnswer(tx, ctx.token.id, key, signature, result, body, deps.now);
    return { status: result.status, body, replayed: false };
  });
}

async function dispatch(request: Request, deps: ApiV1Deps): Promise<Response> {
  const url = new URL(request.url);
  const head = request.method === 'HEAD';
  const method = head ? 'GET' : request.method;
  const segments = segmentsOf(url.pathname);
  if (method === 'OPTIONS') return apiPreflight('v1');
  if (segments.length === 1 && segments[0] === 'openapi' && method === 'GET') {
    return jsonResponse(200, JSON.stringify(openApiDocument()), { 'cache-control': 'public, max-age=300' }, head);
  }
  if (isHeartbeatPath(segments)) return answerHeartbeatPing(deps.db, method, segments[1]!, deps.now, head);
  const match = matchRoute(API_V1_ROUTES, method, segments);
  if (match.kind === 'none') {
    throw new ApiError(404, `There is no API endpoint ${url.pathname}. The endpoints are listed at ${API_V1_PREFIX}/openapi.json and on /api.`);
  }
  if (match.kind === 'method') {
    const allow = [...new Set(match.allowed)].join(', ');
    throw new ApiError(405, `${url.pathname} does not answer ${request.method}; it answers ${allow}.`, { allow });
  }
  const { route, params } = match;
  const token = authenticateToken(deps.db, request, url, route.scope, deps.now);
  const wait = deps.limiter.take(token.id, deps.now);
  if (wait > 0) {
    throw new ApiError(429, 'Too many requests with this token; slow down and retry after the time in Retry-After.', {
      'retry-after': String(Math.ceil(wait / 1000)),
    });
  }
  const page = pageContext(deps);
  if (params.page_id !== undefined && params.page_id !== page.settings.publicId) {
    throw new ApiError(404, `There is no page “${params.page_id}” here; this status page's id is ${page.settings.publicId} (GET ${API_V1_PREFIX}/pages lists it).`);
  }
  const query = route.query ? parseQuery(route.query, url.searchParams) : undefined;
  const text = route.body ? await request.text() : '';
  const body = route.body ? parseBody(route.body, text, request.headers.get('content-type')) : undefined;
  const ctx = { params, query, body, token, actor: tokenActor(token), page, now: deps.now };
  if (method === 'GET') {
    const result = route.handle({ ...ctx, db: deps.db });
    return jsonResponse(result.status, JSON.stringify(result.body ?? null), {}, head);
  }
  const answer = runWrite(deps, route, ctx, request, url, text);
  return jsonResponse(answer.status, answer.body, answer.replayed ? { 'idempotent-replayed': 'true' } : {});
}

/**
 * Answers a request below /api/v1: match, authenticate (401/403), rate-limit (429), validate
 * (400/422), run the route's use-case (a refusal is a 422 with its sentence) and answer JSON.
 */
export async function handleApiV1(request: Request, deps: ApiV1Deps): Promise<Response> {
  try {
    return await dispatch(request, deps);
  } catch (e) {
    if (e instanceof ApiError) return apiErrorResponse(e.status, e.message, e.headers);
    if (e instanceof RejectedError) return apiErrorResponse(422, e.message);
    throw e;
  }
}
