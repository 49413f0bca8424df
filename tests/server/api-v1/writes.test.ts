import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod/v4';
import { parseBody } from '../../../src/server/api-v1/body.js';
import { IDEMPOTENCY_WINDOW_MS } from '../../../src/server/api-v1/idempotency.js';
import { readPageSettings } from '../../../src/server/settings.js';
import { apiClient, type ApiClient } from '../../helpers/api-v1.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { echoRuns } from '../../helpers/throwaway-route.js';

vi.mock('../../../src/server/api-v1/routes/index.js', async (importOriginal) => (await import('../../helpers/throwaway-route.js')).withThrowawayRoute(importOriginal));

const NOW = Date.UTC(2026, 11, 4, 12);
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

let t: TempDatabase;
let api: ApiClient;
let path: string;
beforeEach(() => {
  t = tempDatabase();
  api = apiClient(t.db, 'write', { now: () => NOW });
  path = `/pages/${readPageSettings(t.db, NOW).publicId}/echoes`;
});
afterEach(() => t.dispose());

describe('Idempotency-Key on a POST', () => {
  const body = { echo: { name: 'Checkout down' } };

  it('replays the first answer for the same key and body, running the write once', async () => {
    const first = await api.call('POST', path, { body, headers: { 'idempotency-key': 'deploy-42' } });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await api.call('POST', path, { body, headers: { 'idempotency-key': 'deploy-42' }, now: NOW + 60_000 });
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(echoRuns(t.db)).toBe(1);
    // Without a key, or with another one, it runs again.
    expect((await api.call('POST', path, { body })).json.run).toBe(2);
    expect((await api.call('POST', path, { body, headers: { 'idempotency-key': 'deploy-43' } })).json.run).toBe(3);
  });

  it('refuses the same key with a different body (422) rather than replaying another answer', async () => {
    await api.call('POST', path, { body, headers: { 'idempotency-key': 'k1' } });
    const other = await api.call('POST', path, { body: { echo: { name: 'Something else' } }, headers: { 'idempotency-key': 'k1' } });
    expect(other.status).toBe(422);
    expect(other.json.message).toMatch(/already used for a different request/);
    expect(echoRuns(t.db)).toBe(1);
  });

  it('keeps keys per token and for 24 hours', async () => {
    await api.call('POST', path, { body, headers: { 'idempotency-key': 'k2' } });
    const otherToken = apiClient(t.db, 'write', { now: () => NOW });
    expect((await otherToken.call('POST', path, { body, headers: { 'idempotency-key': 'k2' } })).headers.get('idempotent-replayed')).toBeNull();
    expect(echoRuns(t.db)).toBe(2);
    const late = await api.call('POST', path, { body, headers: { 'idempotency-key': 'k2' }, now: NOW + IDEMPOTENCY_WINDOW_MS + 1 });
    expect(late.headers.get('idempotent-replayed')).toBeNull();
    expect(echoRuns(t.db)).toBe(3);
  });

  it('does not remember a refused request: fixing the body with the same key goes through', async () => {
    const bad = await api.call('POST', path, { body: { echo: { name: '' } }, headers: { 'idempotency-key': 'k3' } });
    expect(bad.status).toBe(422);
    const good = await api.call('POST', path, { body, headers: { 'idempotency-key': 'k3' } });
    expect(good.status).toBe(201);
    expect(echoRuns(t.db)).toBe(1);
  });

  it('refuses an empty or over-long key with 400', async () => {
    expect((await api.call('POST', path, { body, headers: { 'idempotency-key': 'x'.repeat(256) } })).status).toBe(400);
    expect(echoRuns(t.db)).toBe(0);
  });
});

describe('form-encoded bodies (Statuspage’s curl examples)', () => {
  it('reads Rails bracket notation, turning text into booleans and numbers only where the schema wants them', async () => {
    const form = [
      'echo[name]=Checkout+down',
      'echo[count]=3',
      'echo[ratio]=0.5',
      'echo[loud]=true',
      // A text field keeps digits and "false" as text.
      'echo[label]=false',
      'echo[component_ids][]=abc',
      'echo[component_ids][]=def',
      'echo[components][abc]=major_outage',
      'echo[unknown]=ignored',
    ].join('&');
    const r = await api.call('POST', path, { rawBody: form, headers: FORM });
    expect(r.status).toBe(201);
    expect(r.json.echo).toEqual({ name: 'Checkout down', count: 3, ratio: 0.5, loud: true, label: 'false', component_ids: ['abc', 'def'], components: { abc: 'major_outage' } });
  });

  it('takes a lone value where a list is wanted, and "false" as false', async () => {
    const r = await api.call('POST', path, { rawBody: 'echo[name]=x&echo[component_ids]=abc&echo[loud]=false&echo[label]=12', headers: FORM });
    expect(r.json.echo).toEqual({ name: 'x', component_ids: ['abc'], loud: false, label: '12' });
  });

  it('still refuses a wrong value with 422 naming the field', async () => {
    const yes = await api.call('POST', path, { rawBody: 'echo[name]=x&echo[loud]=yes', headers: FORM });
    expect(yes.status).toBe(422);
    expect(yes.json.message).toMatch(/“echo\.loud”/);
    const hex = await api.call('POST', path, { rawBody: 'echo[name]=x&echo[count]=0x10', headers: FORM });
    expect(hex.status).toBe(422);
    expect(hex.json.message).toMatch(/“echo\.count”/);
    const status = await api.call('POST', path, { rawBody: 'echo[name]=x&echo[components][abc]=broken', headers: FORM });
    expect(status.status).toBe(422);
    expect(status.json.message).toMatch(/“echo\.components\.abc”/);
    expect(echoRuns(t.db)).toBe(0);
  });

  it('reads JSON sent by curl -d without a Content-Type as JSON', async () => {
    const r = await api.call('POST', path, { rawBody: '{"echo": {"name": "from curl", "count": 2}}', headers: FORM });
    expect(r.status).toBe(201);
    expect(r.json.echo).toEqual({ name: 'from curl', count: 2 });
  });

  it('refuses nesting past the limit and too many fields with 400, multipart with 415', async () => {
    const deep = await api.call('POST', path, { rawBody: 'echo[a][b][c][d][e][f][g]=1', headers: FORM });
    expect(deep.status).toBe(400);
    expect(deep.json.message).toMatch(/form body could not be read/);
    const many = await api.call('POST', path, { rawBody: Array.from({ length: 1001 }, (_, i) => `f${i}=1`).join('&'), headers: FORM });
    expect(many.status).toBe(400);
    const multipart = await api.call('POST', path, { rawBody: '--x\r\n\r\n--x--', headers: { 'content-type': 'multipart/form-data; boundary=x' } });
    expect(multipart.status).toBe(415);
    expect(echoRuns(t.db)).toBe(0);
  });

  it('is never a way into an object’s prototype', () => {
    const schema = z.object({ echo: z.object({ name: z.string() }) });
    const value = parseBody(schema, 'echo[name]=x&__proto__[polluted]=1&echo[__proto__][polluted]=1', 'application/x-www-form-urlencoded') as Record<string, unknown>;
    expect(value).toEqual({ echo: { name: 'x' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('replays by the exact body: the same form twice with a key runs once', async () => {
    const form = 'echo[name]=Checkout+down';
    await api.call('POST', path, { rawBody: form, headers: { ...FORM, 'idempotency-key': 'f1' } });
    const again = await api.call('POST', path, { rawBody: form, headers: { ...FORM, 'idempotency-key': 'f1' } });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(echoRuns(t.db)).toBe(1);
  });
});
