import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { MAX_BODY_BYTES } from '../../src/server/http/body-limit.js';
import { readPageSettings } from '../../src/server/settings.js';
import { makeToken } from '../helpers/api-v1.js';
import { serveFixture } from '../helpers/server.js';

/*
 * The limits a real server puts on /api/v1: the body size (checked before the site runs) and the
 * per-token rate (API_RATE_PER_SECOND=2 here). Idempotent replays and form bodies are tested
 * in-process with a throwaway write route in tests/server/api-v1/writes.test.ts until the
 * resource routes land.
 */
function writeSite(path: string, now: number): { pageId: string; token: string; other: string } {
  const h = openDatabase(path);
  try {
    return { pageId: readPageSettings(h.db, now).publicId, token: makeToken(h.db, 'write', now).token, other: makeToken(h.db, 'read', now, 'other').token };
  } finally {
    h.close();
  }
}

describe('/api/v1 limits over HTTP', () => {
  const fixture = serveFixture(writeSite, { API_RATE_PER_SECOND: '2' });
  const url = (): string => fixture.server().url;
  const auth = (token: string): Record<string, string> => ({ authorization: `OAuth ${token}` });

  it('refuses a body over the limit with 413 and a JSON sentence, before the API sees it', async () => {
    const body = JSON.stringify({ incident: { name: 'Too big', body: 'x'.repeat(MAX_BODY_BYTES) } });
    const res = await fetch(`${url()}/api/v1/pages/${fixture.data().pageId}/incidents`, {
      method: 'POST',
      headers: { ...auth(fixture.data().token), 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const json = await res.json();
    expect(json).toEqual({ message: 'The request is too large (the limit is 1024 KB). Nothing was saved.', error: json.message });
  });

  it('answers 429 with Retry-After past the per-token rate, and lets the token in again after it', async () => {
    const path = `${url()}/api/v1/pages/${fixture.data().pageId}`;
    const burst = await Promise.all(Array.from({ length: 10 }, () => fetch(path, { headers: auth(fixture.data().token) })));
    const limited = burst.filter((r) => r.status === 429);
    expect(burst.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(2);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    const refusal = limited[0]!;
    expect(refusal.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(await refusal.json()).toMatchObject({ message: expect.stringMatching(/Too many requests/), error: expect.any(String) });
    // Another token has its own allowance.
    expect((await fetch(path, { headers: auth(fixture.data().other) })).status).toBe(200);
    await new Promise((r) => setTimeout(r, Number(refusal.headers.get('retry-after')) * 1000));
    expect((await fetch(path, { headers: auth(fixture.data().token) })).status).toBe(200);
  });
});
