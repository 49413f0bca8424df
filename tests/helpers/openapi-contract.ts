import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';
import { openApiDocument } from '../../src/server/api-v1/openapi.js';

type Json = Record<string, unknown>;

let ajv: InstanceType<typeof Ajv2020> | null = null;

/** Ajv with the document's component schemas loaded, so `$ref`s resolve as in the document. */
function validator(): InstanceType<typeof Ajv2020> {
  if (ajv) return ajv;
  const doc = openApiDocument() as { components: { schemas: Record<string, Json> } };
  const instance = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(instance);
  instance.addSchema({ $id: 'beacon-openapi', components: doc.components });
  ajv = instance;
  return instance;
}

/** The operation the document declares for a method and a concrete path below /api/v1, or null. */
function operationFor(method: string, path: string): Json | null {
  const doc = openApiDocument() as { paths: Record<string, Record<string, Json>> };
  const segments = path.split('?')[0]!.replace(/\.json$/, '').split('/').filter(Boolean);
  let best: { op: Json; holes: number } | null = null;
  for (const [template, ops] of Object.entries(doc.paths)) {
    const parts = template.split('/').filter(Boolean);
    if (parts.length !== segments.length) continue;
    let holes = 0;
    if (!parts.every((p, i) => (p.startsWith('{') ? ++holes > 0 : p === segments[i]))) continue;
    const op = ops[method.toLowerCase()];
    if (op && (best === null || holes < best.holes)) best = { op, holes };
  }
  return best?.op ?? null;
}

/**
 * Fails the test unless the answer is one the document declares for that operation, with a body
 * that validates against the declared schema. Every API test routes its answers through this.
 */
export function expectMatchesContract(method: string, path: string, status: number, body: unknown): void {
  const op = operationFor(method, path);
  if (op === null) return; // Not an operation (unknown path, OPTIONS): nothing declared to check against.
  const responses = op.responses as Record<string, Json>;
  const declared = responses[String(status)];
  expect(declared, `${method} ${path} answered ${status}, which the document does not declare`).toBeDefined();
  const schema = ((declared!.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema as Json | undefined;
  if (!schema) {
    expect(body, `${method} ${path} ${status} declares no body`).toBeNull();
    return;
  }
  const rewritten = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"beacon-openapi#/components/')) as Json;
  const validate = validator().compile(rewritten);
  const ok = validate(body);
  expect(ok, `${method} ${path} ${status}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
}
