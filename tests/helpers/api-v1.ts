import type { Db } from '../../db/client.js';
import { TokenRateLimiter } from '../../src/server/api-v1/rate-limiter.js';
import { handleApiV1 } from '../../src/server/api-v1/router.js';
import { SYSTEM } from '../../src/server/audit.js';
import { createApiToken } from '../../src/server/use-cases/api-tokens.js';
import type { ApiScope } from '../../src/core/api-scope.js';
import { expectMatchesContract } from './openapi-contract.js';

export interface ApiAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or null for an empty body. */
  readonly json: any;
}

export interface CallOptions {
  readonly body?: unknown;
  /** Sent as is (not JSON-encoded). */
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
  /** Overrides the client's token; null sends none. */
  readonly token?: string | null;
  readonly now?: number;
}

export interface ApiClient {
  readonly token: string;
  readonly tokenId: string;
  call(method: string, path: string, options?: CallOptions): Promise<ApiAnswer>;
}

/** Makes a token of that scope (named after it) in the database. */
export function makeToken(db: Db, scope: ApiScope, now: number, name = `${scope} token`): { id: string; token: string } {
  return createApiToken(db, { name, scope }, SYSTEM, now);
}

/**
 * Calls the /api/v1 router in-process (no HTTP server) with a token of the given scope; every
 * answer is checked against the OpenAPI document before it is returned.
 */
export function apiClient(db: Db, scope: ApiScope, options: { now?: () => number; ratePerSecond?: number } = {}): ApiClient {
  const clock = options.now ?? (() => Date.now());
  const { id, token } = makeToken(db, scope, clock());
  const limiter = new TokenRateLimiter(options.ratePerSecond ?? 1000);
  return {
    token,
    tokenId: id,
    async call(method, path, o = {}) {
      const headers = new Headers(o.headers);
      const secret = o.token === undefined ? token : o.token;
      if (secret !== null && !headers.has('authorization')) headers.set('authorization', `OAuth ${secret}`);
      const body = o.rawBody ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
      if (body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
      const request = new Request(`http://127.0.0.1:4321/api/v1${path}`, { method, headers, body });
      const response = await handleApiV1(request, {
        db,
        publicUrl: 'https://status.example.com',
        listenUrl: 'http://127.0.0.1:4321',
        mailFrom: 'status@example.com',
        limiter,
        now: o.now ?? clock(),
      });
      const text = await response.text();
      const json = text === '' ? null : JSON.parse(text);
      expectMatchesContract(method, path, response.status, json);
      return { status: response.status, headers: response.headers, json };
    },
  };
}
