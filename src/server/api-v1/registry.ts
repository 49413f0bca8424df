import { z } from 'zod/v4';

/**
 * Every schema the API names: request bodies, resources and errors. The OpenAPI document's
 * `components.schemas` is generated from this registry, and the router validates with the very
 * same objects, so the contract and the checks cannot drift apart.
 */
export const apiSchemas = z.registry<{ id: string; description?: string }>();

/** Registers a schema under a name in the document and returns it unchanged. */
export function named<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  apiSchemas.add(schema, description === undefined ? { id } : { id, description });
  return schema;
}

export function schemaName(schema: z.ZodType): string {
  const id = apiSchemas.get(schema)?.id;
  if (id === undefined) throw new Error('An API schema used by a route is not registered with named().');
  return id;
}
