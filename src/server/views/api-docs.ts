import type { Db } from '../../../db/client.js';
import { formatIsoInZone } from '../../core/format.js';
import { exampleBody, placeholder } from '../api-v1/example-body.js';
import { openApiDocument } from '../api-v1/openapi.js';
import { schemaName } from '../api-v1/registry.js';
import type { ApiMethod, ApiRoute } from '../api-v1/route.js';
import { API_V1_PREFIX } from '../api-v1/router.js';
import { API_V1_ROUTES } from '../api-v1/routes/index.js';
import type { ApiScope } from '../../core/api-scope.js';
import type { Config } from '../config.js';
import { publicBaseUrl } from '../public-url.js';
import { readPageSettings } from '../settings.js';
import { layoutView, type ViewResult } from './common.js';
import { READ_API_ENDPOINTS, type ApiEndpoint } from './integrations.js';

/** The shell variable the examples read the token from. */
export const TOKEN_VARIABLE = 'BEACON_API_TOKEN';

export interface EndpointView {
  readonly method: ApiMethod;
  /** The route's path as the reference writes it (`/pages/{page_id}/…`), below /api/v1. */
  readonly path: string;
  readonly summary: string;
  readonly scope: ApiScope;
  readonly query: readonly string[];
  /** A copy-paste curl command with this page's host and id filled in. */
  readonly curl: string;
  /** An anchor for linking to the endpoint. */
  readonly anchor: string;
}

export interface ApiDocsView {
  readonly baseUrl: string;
  readonly pageId: string;
  readonly openApiUrl: string;
  readonly ratePerSecond: number;
  readonly authForms: readonly string[];
  readonly tokenExport: string;
  readonly groups: readonly { readonly tag: string; readonly endpoints: readonly EndpointView[] }[];
  readonly readEndpoints: readonly ApiEndpoint[];
}

/** Single-quotes a word for a POSIX shell. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function urlFor(baseUrl: string, path: string, pageId: string): string {
  const filled = path.replace(/\{([^}]+)\}/g, (_, name: string) => (name === 'page_id' ? encodeURIComponent(pageId) : placeholder(name)));
  return `${baseUrl}${API_V1_PREFIX}${filled}`;
}

function curlFor(route: ApiRoute, url: string, exampleAt: string): string {
  const lines = [`curl${route.method === 'GET' ? '' : ` -X ${route.method}`} ${shellQuote(url)}`, `-H "Authorization: OAuth $${TOKEN_VARIABLE}"`];
  if (route.body) {
    const body = exampleBody(openApiDocument(), schemaName(route.body), exampleAt);
    lines.push(`-H 'Content-Type: application/json'`, `-d ${shellQuote(JSON.stringify(body))}`);
  }
  return lines.join(' \\\n  ');
}

/**
 * Every /api/v1 endpoint from the route table, grouped by tag, each with a curl command for this
 * page: host from configuration (never the request's Host header), the page's public id filled in.
 */
export function apiDocsView(db: Db, cfg: Pick<Config, 'publicUrl' | 'listenUrl' | 'apiRatePerSecond'>, now: number): ViewResult<ApiDocsView> {
  const settings = readPageSettings(db, now);
  const baseUrl = publicBaseUrl(cfg.publicUrl, settings.url, cfg.listenUrl);
  // Date-time fields in examples show an hour from now, well inside every bound the API sets.
  const exampleAt = formatIsoInZone(now + 60 * 60 * 1000, settings.timeZone);
  const groups = new Map<string, EndpointView[]>();
  for (const route of API_V1_ROUTES) {
    const url = urlFor(baseUrl, route.path, settings.publicId);
    const endpoint: EndpointView = {
      method: route.method,
      path: route.path,
      summary: route.summary,
      scope: route.scope,
      query: Object.keys(route.query?.shape ?? {}),
      curl: curlFor(route, url, exampleAt),
      anchor: route.operationId,
    };
    const list = groups.get(route.tag) ?? [];
    list.push(endpoint);
    groups.set(route.tag, list);
  }
  const pagesUrl = `${baseUrl}${API_V1_PREFIX}/pages`;
  return {
    kind: 'ok',
    layout: layoutView(settings),
    view: {
      baseUrl,
      pageId: settings.publicId,
      openApiUrl: `${baseUrl}${API_V1_PREFIX}/openapi.json`,
      ratePerSecond: cfg.apiRatePerSecond,
      authForms: [`Authorization: OAuth <token>`, `Authorization: Bearer <token>`, `${pagesUrl}?api_key=<token>`],
      tokenExport: `export ${TOKEN_VARIABLE}='<token>'`,
      groups: [...groups].map(([tag, endpoints]) => ({ tag, endpoints })),
      readEndpoints: READ_API_ENDPOINTS.map(([path, description]) => ({ url: `${baseUrl}${path}`, description })),
    },
  };
}
