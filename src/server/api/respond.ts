import type { Db } from '../../../db/client.js';
import { cacheableResponse, jsonError } from '../http/cacheable.js';
import { API_ENDPOINTS, type ApiConfig } from './statuspage.js';

/** Short: clients revalidate cheaply with the ETag; an update must reach aggregators within seconds. */
export const API_MAX_AGE_SECONDS = 10;

/** Answers GET/HEAD /api/{path} from the endpoint table; unknown paths get a JSON 404. */
export function apiResponse(db: Db, path: string, request: Request, cfg: ApiConfig, now: number): Response {
  const endpoint = Object.hasOwn(API_ENDPOINTS, path) ? API_ENDPOINTS[path] : undefined;
  if (!endpoint) {
    const shown = path.length > 80 ? `${path.slice(0, 80)}…` : path;
    return jsonError(404, `There is no API endpoint /api/${shown}. Start with /api/v2/summary.json.`);
  }
  return cacheableResponse(request, {
    body: JSON.stringify(endpoint(db, cfg, now)),
    contentType: 'application/json; charset=utf-8',
    maxAgeSeconds: API_MAX_AGE_SECONDS,
    cors: true,
  });
}
