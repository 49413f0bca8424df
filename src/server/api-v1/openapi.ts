import { z } from 'zod/v4';
import { heartbeatPingPath } from './heartbeat-ping.js';
import { apiSchemas, schemaName } from './registry.js';
import { ErrorEntity } from './schemas/common.js';
import type { ApiRoute, ResponseSpec } from './route.js';
import { API_V1_ROUTES } from './routes/index.js';

type Json = Record<string, unknown>;

const ref = (schema: z.ZodType): Json => ({ $ref: `#/components/schemas/${schemaName(schema)}` });

/** Named schemas as JSON Schema 2020-12 (what OpenAPI 3.1 speaks), bodies as accepted, resources as sent. */
function componentSchemas(bodyIds: ReadonlySet<string>): Record<string, Json> {
  const convert = (io: 'input' | 'output'): Record<string, Json> =>
    z.toJSONSchema(apiSchemas, { target: 'draft-2020-12', io, uri: (id) => `#/components/schemas/${id}` }).schemas as Record<string, Json>;
  const input = convert('input');
  const output = convert('output');
  const out: Record<string, Json> = {};
  for (const id of Object.keys(output).sort()) {
    // $schema and $id are per-document keys; inside components they only confuse validators.
    const { $schema: _s, $id: _i, ...schema } = bodyIds.has(id) ? input[id]! : output[id]!;
    out[id] = schema;
  }
  return out;
}

function responseOf(spec: ResponseSpec): Json {
  if (!spec.schema) return { description: spec.description };
  const schema = spec.list ? { type: 'array', items: ref(spec.schema) } : ref(spec.schema);
  return { description: spec.description, content: { 'application/json': { schema } } };
}

function parametersOf(route: ApiRoute): Json[] {
  const path = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  const query = Object.entries(route.query?.shape ?? {}).map(([name, schema]) => {
    const { $schema: _s, description, ...json } = z.toJSONSchema(schema as z.ZodType, { target: 'draft-2020-12', io: 'input' }) as Json;
    return { name, in: 'query', required: !(schema as z.ZodType).safeParse(undefined).success, ...(description ? { description } : {}), schema: json };
  });
  return [...path, ...query];
}

function operationOf(route: ApiRoute): Json {
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    'x-beacon-scope': route.scope,
    parameters: parametersOf(route),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: ref(route.body) } } } } : {}),
    responses: Object.fromEntries(Object.entries(route.responses).map(([status, spec]) => [status, responseOf(spec)])),
  };
}

function build(routes: readonly ApiRoute[]): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method.toLowerCase()] = operationOf(route);
  paths['/heartbeats/{secret}'] = heartbeatPingPath(ref, ref(ErrorEntity));
  const bodyIds = new Set(routes.flatMap((r) => (r.body ? [schemaName(r.body)] : [])));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Beacon management API',
      version: '1.0.0',
      description:
        'Write and read this status page. Paths, request wrapping and field names follow Statuspage’s v1 management API, so its clients move over by changing the host and the key. Every request needs a token: `Authorization: OAuth <token>`, `Authorization: Bearer <token>` or `?api_key=<token>`.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ authorization_header: [] }, { bearer: [] }, { api_key: [] }],
    paths,
    components: {
      securitySchemes: {
        authorization_header: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'Statuspage’s form: `OAuth <token>`.' },
        bearer: { type: 'http', scheme: 'bearer' },
        api_key: { type: 'apiKey', in: 'query', name: 'api_key' },
      },
      schemas: componentSchemas(bodyIds),
    },
  };
}

let memo: Json | null = null;

/** The document for every route; the same for the process's life, so built once. */
export function openApiDocument(): Json {
  return (memo ??= build(API_V1_ROUTES));
}
