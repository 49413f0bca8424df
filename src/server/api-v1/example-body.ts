/**
 * A small, plausible request body for a route, built from its JSON Schema in the OpenAPI
 * document: the /api page's curl examples come from the same schemas that validate requests,
 * so they cannot name a field the API does not take.
 */
type Json = Record<string, unknown>;

/** Optional fields shown per object beside the required ones: enough to show the shape, not every knob. */
const OPTIONAL_PER_OBJECT = 3;
const MAX_DEPTH = 4;

function resolve(schema: Json, components: Readonly<Record<string, Json>>): Json {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 10; hops++) {
    const name = current.$ref.replace('#/components/schemas/', '');
    current = components[name] ?? {};
  }
  const branches = (current.anyOf ?? current.oneOf) as Json[] | undefined;
  if (Array.isArray(branches)) {
    const first = branches.map((b) => resolve(b, components)).find((b) => b.type !== 'null');
    return first ?? {};
  }
  return current;
}

/** `incident_id` → `INCIDENT_ID`: a placeholder that reads as one and is safe in a shell. */
export function placeholder(key: string): string {
  return key.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}

function exampleOf(raw: Json, key: string, components: Readonly<Record<string, Json>>, depth: number, at: string): unknown {
  const schema = resolve(raw, components);
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  const type = Array.isArray(schema.type) ? (schema.type as string[]).find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'date-time') return at;
      if (key.endsWith('_id') || key === 'id') return placeholder(key);
      if (schema.format === 'email') return 'someone@example.com';
      return `Example ${key.replace(/_/g, ' ')}`;
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return false;
    case 'array': {
      if (depth >= MAX_DEPTH || typeof schema.items !== 'object' || schema.items === null) return [];
      const singular = key.endsWith('_ids') ? key.slice(0, -1) : key;
      return [exampleOf(schema.items as Json, singular, components, depth + 1, at)];
    }
    case 'object':
      return depth >= MAX_DEPTH ? {} : objectExample(schema, key, components, depth + 1, at);
    default:
      return null;
  }
}

function objectExample(schema: Json, key: string, components: Readonly<Record<string, Json>>, depth: number, at: string): Json {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const names = Object.keys(properties);
  if (names.length === 0 && typeof schema.additionalProperties === 'object' && schema.additionalProperties !== null) {
    // A map such as `components: {id: status}`.
    const singular = key.endsWith('s') ? key.slice(0, -1) : key;
    return { [placeholder(`${singular}_id`)]: exampleOf(schema.additionalProperties as Json, singular, components, depth, at) };
  }
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const optional = names.filter((n) => !required.has(n)).slice(0, OPTIONAL_PER_OBJECT);
  const chosen = names.filter((n) => required.has(n) || optional.includes(n));
  return Object.fromEntries(chosen.map((n) => [n, exampleOf(properties[n]!, n, components, depth, at)]));
}

/**
 * An example body for the named schema of an OpenAPI document (`components.schemas`); `at` is
 * the instant date-time fields show (ISO 8601).
 */
export function exampleBody(document: Json, schemaName: string, at: string): unknown {
  const components = ((document.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>;
  const schema = components[schemaName];
  if (!schema) return {};
  return exampleOf(schema, '', components, 0, at);
}
