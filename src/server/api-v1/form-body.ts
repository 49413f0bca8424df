import { parse as parseQs } from 'qs';
import { z } from 'zod/v4';
import { ApiError } from './errors.js';

type Json = Record<string, unknown>;

/** Rails-style brackets nest this deep at most: `incident[components][id]` is 2. */
const FORM_DEPTH = 5;
const FORM_PARAMETERS = 1000;
const FORM_ARRAY = 200;

/** Only plain decimal numbers become numbers: `1e3`, `0x1` and `Infinity` stay text. */
const DECIMAL = /^-?\d+(\.\d+)?$/;

const jsonSchemas = new WeakMap<z.ZodType, Json>();

/** The body schema as JSON Schema (what the OpenAPI document shows), once per schema. */
function jsonSchemaOf(schema: z.ZodType): Json {
  let json = jsonSchemas.get(schema);
  if (!json) {
    json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Json;
    jsonSchemas.set(schema, json);
  }
  return json;
}

function deref(schema: Json, root: Json): Json {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 10; hops++) {
    const name = current.$ref.replace(/^#\/(\$defs|definitions)\//, '');
    current = ((root.$defs ?? root.definitions ?? {}) as Record<string, Json>)[name] ?? (current.$ref === '#' ? root : {});
  }
  return current;
}

/** The schema and every branch of its unions, each resolved. */
function branchesOf(schema: Json, root: Json): Json[] {
  const s = deref(schema, root);
  const nested = [...((s.anyOf as Json[] | undefined) ?? []), ...((s.oneOf as Json[] | undefined) ?? []), ...((s.allOf as Json[] | undefined) ?? [])];
  return [s, ...nested.flatMap((b) => branchesOf(b, root))];
}

function typesOf(branches: readonly Json[]): Set<string> {
  return new Set(branches.flatMap((b) => (b.type === undefined ? [] : Array.isArray(b.type) ? (b.type as string[]) : [b.type as string])));
}

/**
 * A form's values are all text; where the schema wants a boolean or a number, "true"/"false" and
 * decimal text become one. A lone value where a list is wanted becomes a list of one (Rails
 * sends `ids[]=a` but people write `ids=a`). Everything else is left for the schema to judge, so
 * "yes" for a boolean is still refused with the field named.
 */
function coerce(value: unknown, schema: Json, root: Json): unknown {
  const branches = branchesOf(schema, root);
  const types = typesOf(branches);
  if (typeof value === 'string') {
    if (types.has('string')) return value;
    if (types.has('boolean') && (value === 'true' || value === 'false')) return value === 'true';
    if ((types.has('number') || types.has('integer')) && DECIMAL.test(value)) return Number(value);
    const list = branches.find((b) => b.type === 'array');
    if (list) return [coerce(value, (list.items as Json | undefined) ?? {}, root)];
    return value;
  }
  if (Array.isArray(value)) {
    const list = branches.find((b) => b.type === 'array');
    return list ? value.map((v) => coerce(v, (list.items as Json | undefined) ?? {}, root)) : value;
  }
  if (value !== null && typeof value === 'object') {
    const object = branches.find((b) => b.properties !== undefined || typeof b.additionalProperties === 'object');
    if (!object) return value;
    const properties = (object.properties ?? {}) as Record<string, Json>;
    const rest = typeof object.additionalProperties === 'object' ? (object.additionalProperties as Json) : null;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, v]) => {
        const field = Object.hasOwn(properties, key) ? properties[key]! : rest;
        return [key, field ? coerce(v, field, root) : v];
      }),
    );
  }
  return value;
}

/**
 * A form-encoded body in Rails bracket notation, as Statuspage's documented curl examples send
 * it (`-d "incident[name]=…" -d "incident[components][abc]=major_outage"`), as the value the
 * JSON body would have been. 400 when it nests too deep or has too many fields.
 */
export function parseFormBody(schema: z.ZodType, text: string): unknown {
  let raw: unknown;
  try {
    raw = parseQs(text, {
      depth: FORM_DEPTH,
      strictDepth: true,
      parameterLimit: FORM_PARAMETERS,
      arrayLimit: FORM_ARRAY,
      throwOnLimitExceeded: true,
      allowPrototypes: false,
      duplicates: 'last',
    });
  } catch (e) {
    throw new ApiError(400, `The form body could not be read: ${(e as Error).message.replace(/\.?$/, '.')} Send at most ${FORM_PARAMETERS} fields, nested at most ${FORM_DEPTH} deep, or send JSON.`);
  }
  const root = jsonSchemaOf(schema);
  return coerce(raw, root, root);
}
