import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertProposals, upstreamFollows } from '../../../db/schema.js';
import { SYSTEM } from '../../../src/server/audit.js';
import type { OutboundOptions, OutboundResponse } from '../../../src/server/outbound/guarded-get.js';
import { listComponents } from '../../../src/server/read/components.js';
import { pollUpstreams } from '../../../src/server/upstream/poller.js';
import { followUpstream, unfollowUpstream } from '../../../src/server/use-cases/upstream.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, group, MINUTE } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 11, 4, 12);
const URL_A = 'https://status.payments.example/api/v2/summary.json';
let t: TempDatabase;
let payId: string;
let groupId: string;
let clock: number;
let upstreamStatus: string;
let etag: string;
const requests: { url: string; options: OutboundOptions }[] = [];

/** A fake upstream page: answers 304 when the ETag matches, like Beacon and Statuspage do. */
async function fakeGet(url: string, options: OutboundOptions): Promise<OutboundResponse> {
  requests.push({ url, options });
  if (options.headers?.['if-none-match'] === etag) return { status: 304, headers: {}, body: Buffer.alloc(0) };
  const body = JSON.stringify({ page: { id: 'x' }, components: [{ id: 'up1', name: 'Card payments', status: upstreamStatus }] });
  return { status: 200, headers: { etag }, body: Buffer.from(body) };
}

const poll = (): ReturnType<typeof pollUpstreams> => pollUpstreams(t.db, { allowPrivate: false, intervalMs: 60_000, now: () => clock, get: fakeGet });
const statusOf = (id: string): string | null => listComponents(t.db).find((c) => c.id === id)!.latestStatus;
const follow = (): typeof upstreamFollows.$inferSelect => t.db.select().from(upstreamFollows).get()!;

beforeEach(() => {
  t = tempDatabase();
  clock = NOW;
  upstreamStatus = 'operational';
  etag = '"e1"';
  requests.length = 0;
  groupId = group(t.db, 'vendors', 'Vendors', NOW - 60 * MINUTE);
  payId = component(t.db, 'payments', 'Payments', NOW - 60 * MINUTE, { groupId });
});
afterEach(() => t.dispose());

describe('following an upstream component', () => {
  it('mirrors its status through an alert, uses the ETag, and goes back when it recovers', async () => {
    followUpstream(t.db, payId, { summaryUrl: URL_A, upstreamComponentId: 'up1' }, false, SYSTEM, NOW);
    expect((await poll()).get(payId)).toBe('unchanged');
    expect(follow()).toMatchObject({ etag: '"e1"', lastStatus: 'operational', lastError: null });

    clock += 60_000;
    expect((await poll()).get(payId)).toBe('not_modified');
    expect(requests.at(-1)!.options.headers).toEqual({ 'if-none-match': '"e1"' });
    expect(statusOf(payId)).toBe('operational');

    upstreamStatus = 'partial_outage';
    etag = '"e2"';
    clock += 60_000;
    expect((await poll()).get(payId)).toBe('fired');
    expect(statusOf(payId)).toBe('partial_outage');
    const [proposal] = t.db.select().from(alertProposals).all();
    expect(proposal!.state).toBe('open');

    upstreamStatus = 'major_outage';
    etag = '"e3"';
    clock += 60_000;
    await poll();
    expect(statusOf(payId)).toBe('major_outage');
    expect(t.db.select().from(alertProposals).all()).toHaveLength(1);

    upstreamStatus = 'operational';
    etag = '"e4"';
    clock += 60_000;
    expect((await poll()).get(payId)).toBe('resolved');
    expect(statusOf(payId)).toBe('operational');
  });

  it('does not poll again before the interval', async () => {
    followUpstream(t.db, payId, { summaryUrl: URL_A, upstreamComponentId: 'up1' }, false, SYSTEM, NOW);
    await poll();
    clock += 10_000;
    expect((await poll()).size).toBe(0);
    expect(requests).toHaveLength(1);
  });

  it('keeps an error on the follow and moves nothing when the page cannot be read', async () => {
    followUpstream(t.db, payId, { summaryUrl: URL_A, upstreamComponentId: 'nope' }, false, SYSTEM, NOW);
    expect((await poll()).get(payId)).toBe('failed');
    expect(follow().lastError).toMatch(/no component with the id “nope”/);
    expect(statusOf(payId)).toBe('operational');
  });

  it('refuses a non-https, private or malformed address and a group, storing nothing', () => {
    const f = (summaryUrl: string, id = payId, allow = false): void => followUpstream(t.db, id, { summaryUrl, upstreamComponentId: 'up1' }, allow, SYSTEM, NOW);
    expect(() => f('http://status.example/api/v2/summary.json')).toThrow(/https:\/\//);
    expect(() => f('https://169.254.169.254/latest')).toThrow(/link-local/);
    expect(() => f('nonsense')).toThrow(/not a valid URL/);
    expect(() => f(URL_A, groupId)).toThrow(/group/);
    expect(t.db.select().from(upstreamFollows).all()).toEqual([]);
  });

  it('unfollowing while the upstream is down gives the component back', async () => {
    upstreamStatus = 'major_outage';
    followUpstream(t.db, payId, { summaryUrl: URL_A, upstreamComponentId: 'up1' }, false, SYSTEM, NOW);
    await poll();
    expect(statusOf(payId)).toBe('major_outage');
    unfollowUpstream(t.db, payId, SYSTEM, NOW + 1_000);
    expect(statusOf(payId)).toBe('operational');
  });
});
