import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { readPageSettings } from '../../src/server/settings.js';
import { makeToken } from '../helpers/api-v1.js';
import { tempDatabasePath } from '../helpers/db.js';
import { startServer, type RunningServer } from '../helpers/server.js';

let server: RunningServer;
let cleanup: () => void;
let token: string;
let pageId: string;

beforeAll(async () => {
  const db = tempDatabasePath();
  cleanup = db.cleanup;
  const handle = openDatabase(db.path);
  pageId = readPageSettings(handle.db, Date.now()).publicId;
  token = makeToken(handle.db, 'write', Date.now()).token;
  handle.close();
  server = await startServer(db.path);
});

afterAll(async () => {
  await server?.stop();
  cleanup?.();
});

describe('/api/v1 over HTTP', () => {
  it('answers a Statuspage-style request with the page', async () => {
    const res = await fetch(`${server.url}/api/v1/pages/${pageId}.json`, { headers: { authorization: `OAuth ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect((await res.json()).id).toBe(pageId);
  });

  it('never serves a token-authenticated answer to someone without the token', async () => {
    const path = `${server.url}/api/v1/pages?api_key=${token}`;
    expect((await fetch(path)).status).toBe(200);
    const anonymous = await fetch(`${server.url}/api/v1/pages`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: expect.stringMatching(/needs a token/) });
  });

  it('takes a bodiless DELETE from curl (no Origin, no Content-Type) as an API call, not a cross-site form', async () => {
    const res = await fetch(`${server.url}/api/v1/pages`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
  });

  it('serves its OpenAPI document without a token, and answers CORS preflights for scripts', async () => {
    const doc = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(doc.status).toBe(200);
    expect((await doc.json()).openapi).toBe('3.1.0');
    const preflight = await fetch(`${server.url}/api/v1/pages`, { method: 'OPTIONS', headers: { origin: 'https://ops.example', 'access-control-request-method': 'PATCH' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/PATCH/);
  });
});
