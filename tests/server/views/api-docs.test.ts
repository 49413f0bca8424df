import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { exampleBody } from '../../../src/server/api-v1/example-body.js';
import { API_V1_ROUTES } from '../../../src/server/api-v1/routes/index.js';
import { readPageSettings } from '../../../src/server/settings.js';
import { apiDocsView, type ApiDocsView } from '../../../src/server/views/api-docs.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { DAY, page } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 11, 4, 12);
const CFG: { publicUrl: string | null; listenUrl: string; apiRatePerSecond: number } = { publicUrl: 'https://status.example.com', listenUrl: 'http://localhost:4321', apiRatePerSecond: 10 };

let t: TempDatabase;
beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme', 'Europe/Berlin', NOW - DAY);
});
afterEach(() => t.dispose());

function view(cfg = CFG): ApiDocsView {
  const r = apiDocsView(t.db, cfg, NOW);
  if (r.kind !== 'ok') throw new Error(`expected ok, got ${r.kind}`);
  return r.view;
}

describe('apiDocsView', () => {
  it('lists every route of the table once, with this host and page id in its curl', () => {
    const v = view();
    const pageId = readPageSettings(t.db, NOW).publicId;
    const endpoints = v.groups.flatMap((g) => g.endpoints);
    expect(endpoints.map((e) => `${e.method} ${e.path}`).sort()).toEqual(API_V1_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    for (const e of endpoints) {
      expect(e.curl).toContain(`https://status.example.com/api/v1${e.path.replace('{page_id}', pageId).replace(/\{([^}]+)\}/g, (_, n: string) => n.toUpperCase())}`);
      expect(e.curl).toContain('-H "Authorization: OAuth $BEACON_API_TOKEN"');
      expect(e.curl).not.toContain('{page_id}');
    }
    expect(v.pageId).toBe(pageId);
    expect(v.openApiUrl).toBe('https://status.example.com/api/v1/openapi.json');
  });

  it('falls back to where the server listens when no public address is set', () => {
    const v = view({ ...CFG, publicUrl: null });
    expect(v.baseUrl).toBe('http://localhost:4321');
    expect(v.groups.flatMap((g) => g.endpoints).every((e) => e.curl.includes("'http://localhost:4321/api/v1/"))).toBe(true);
  });

  it('gives every route with a body an example its own schema accepts', () => {
    const v = view();
    for (const route of API_V1_ROUTES.filter((r) => r.body)) {
      const curl = v.groups.flatMap((g) => g.endpoints).find((e) => e.method === route.method && e.path === route.path)!.curl;
      const body = /-d '(.*)'$/s.exec(curl)![1]!.replaceAll(`'\\''`, "'");
      expect(route.body!.safeParse(JSON.parse(body)).success, `${route.method} ${route.path}: ${body}`).toBe(true);
    }
  });
});

describe('exampleBody', () => {
  // A Statuspage-shaped body: a wrapper, enums, a map, ids, dates, booleans and nested references.
  const registry = z.registry<{ id: string }>();
  const Status = z.enum(['investigating', 'identified', 'resolved']);
  registry.add(Status, { id: 'Status' });
  const Create = z.object({
    incident: z.object({
      name: z.string().min(1),
      status: Status.optional(),
      body: z.string().optional(),
      components: z.record(z.string(), z.enum(['operational', 'major_outage'])).optional(),
      component_ids: z.array(z.string()).optional(),
      deliver_notifications: z.boolean().optional(),
      scheduled_for: z.string().meta({ format: 'date-time' }).optional(),
      impact_override: z.enum(['none', 'minor']).nullable().optional(),
    }),
  });
  registry.add(Create, { id: 'Create' });
  const document = { components: { schemas: z.toJSONSchema(registry, { target: 'draft-2020-12', io: 'input', uri: (id) => `#/components/schemas/${id}` }).schemas } };

  it('fills the required fields and a few optional ones, and the schema accepts it', () => {
    const body = exampleBody(document, 'Create', '2026-12-04T13:00:00+01:00') as { incident: Record<string, unknown> };
    expect(Object.keys(body)).toEqual(['incident']);
    expect(body.incident.name).toBe('Example name');
    expect(body.incident.status).toBe('investigating');
    expect(Create.safeParse(body).success).toBe(true);
  });

  it('writes maps as one placeholder id, id lists as placeholders and date-times as the given instant', () => {
    const Map = z.object({ components: z.record(z.string(), z.enum(['operational', 'major_outage'])), component_ids: z.array(z.string()), at: z.string().meta({ format: 'date-time' }) });
    const reg = z.registry<{ id: string }>();
    reg.add(Map, { id: 'Map' });
    const doc = { components: { schemas: z.toJSONSchema(reg, { target: 'draft-2020-12', io: 'input' }).schemas } };
    expect(exampleBody(doc, 'Map', '2026-12-04T12:00:00Z')).toEqual({ components: { COMPONENT_ID: 'operational' }, component_ids: ['COMPONENT_ID'], at: '2026-12-04T12:00:00Z' });
  });
});
