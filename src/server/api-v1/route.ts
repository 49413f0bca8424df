import type { z } from 'zod/v4';
import type { Db } from '../../../db/client.js';
import type { ApiScope } from '../../core/api-scope.js';
import type { Actor } from '../audit.js';
import type { ApiTokenRecord } from '../read/api-tokens.js';
import type { PageSettings } from '../settings.js';

export const API_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type ApiMethod = (typeof API_METHODS)[number];

/** What the page is, for every handler: its settings and the absolute base URL for links. */
export interface PageContext {
  readonly settings: PageSettings;
  readonly baseUrl: string;
  /** The From address subscribers' mail carries. */
  readonly mailFrom: string;
}

export interface RouteContext<Body, Query> {
  /** For writes, the request's own transaction: the use-cases called inside it nest as savepoints. */
  readonly db: Db;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Query;
  readonly body: Body;
  readonly token: ApiTokenRecord;
  /** Who the audit log names: the token. */
  readonly actor: Actor;
  readonly page: PageContext;
  readonly now: number;
}

export interface ApiResult {
  readonly status: 200 | 201 | 204;
  /** Serialised as JSON; absent for 204. */
  readonly body?: unknown;
}

export interface ResponseSpec {
  readonly description: string;
  /** A registered schema; `list` wraps it in an array. Absent: no body (204). */
  readonly schema?: z.ZodType;
  readonly list?: boolean;
}

type Output<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteSpec<BodySchema extends z.ZodType | undefined, QuerySchema extends z.ZodObject | undefined> {
  readonly method: ApiMethod;
  /** OpenAPI form, below /api/v1: `/pages/{page_id}/components/{component_id}`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  /** The scope a token needs (a `write` token may do anything). */
  readonly scope: ApiScope;
  /** A registered schema (see registry.ts). Unknown fields are dropped, not refused. */
  readonly body?: BodySchema;
  /** Each key one query parameter; values arrive as strings. */
  readonly query?: QuerySchema;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  /** Synchronous by design: a write is one SQLite transaction, with nothing awaited inside it. */
  handle(ctx: RouteContext<Output<BodySchema>, Output<QuerySchema>>): ApiResult;
}

/** A route with its types erased, as the router and the document generator see it. */
export interface ApiRoute {
  readonly method: ApiMethod;
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  readonly scope: ApiScope;
  readonly body?: z.ZodType;
  readonly query?: z.ZodObject;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  handle(ctx: RouteContext<unknown, unknown>): ApiResult;
}

/** Declares a route, inferring the handler's body and query types from their schemas. */
export function defineRoute<B extends z.ZodType | undefined = undefined, Q extends z.ZodObject | undefined = undefined>(
  spec: RouteSpec<B, Q>,
): ApiRoute {
  return spec as unknown as ApiRoute;
}
