import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../src/server/api-v1/openapi.js';
import { API_V1_ROUTES } from '../../../src/server/api-v1/routes/index.js';

describe('the /api/v1 OpenAPI document', () => {
  it('passes the OpenAPI 3.1 schema validator', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(openApiDocument()));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('names every operation once and declares the refusals every route can give', () => {
    const ids = API_V1_ROUTES.map((r) => r.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const route of API_V1_ROUTES) {
      expect(Object.keys(route.responses), route.operationId).toEqual(expect.arrayContaining(['401', '403', '429']));
      if (route.path.includes('{')) expect(Object.keys(route.responses), route.operationId).toContain('404');
      if (route.body) expect(Object.keys(route.responses), route.operationId).toContain('422');
    }
  });

  it('documents the heartbeat ping as needing no token', () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    expect(doc.paths['/heartbeats/{secret}']!.get!.security).toEqual([]);
    expect(doc.paths['/heartbeats/{secret}']!.post!.security).toEqual([]);
  });

  it('documents the three ways to send a token', () => {
    const doc = openApiDocument() as { components: { securitySchemes: Record<string, unknown> } };
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['api_key', 'authorization_header', 'bearer']);
  });
});
