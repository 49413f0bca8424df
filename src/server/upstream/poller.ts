import type { Db } from '../../../db/client.js';
import { readUpstreamComponent } from '../../core/upstream.js';
import { guardedGet, OutboundError, type OutboundOptions, type OutboundResponse } from '../outbound/guarded-get.js';
import { recordUpstreamPoll, type PollOutcome, type PollResult } from '../use-cases/upstream.js';
import { repeatEvery, type Repeating } from '../scheduler/repeat.js';
import { listFollows, type FollowRecord } from './store.js';

export type Get = (url: string, options: OutboundOptions) => Promise<OutboundResponse>;

/** What a summary.json answer means for one follow. */
export function interpretAnswer(res: OutboundResponse, upstreamComponentId: string): PollResult {
  if (res.status === 304) return { kind: 'not_modified' };
  if (res.status >= 300 && res.status < 400) {
    return { kind: 'failed', error: `The page answered with a redirect to ${String(res.headers.location ?? 'elsewhere').slice(0, 200)}; Beacon does not follow redirects, so enter that address instead.` };
  }
  if (res.status !== 200) return { kind: 'failed', error: `The page answered HTTP ${res.status}.` };
  let json: unknown;
  try {
    json = JSON.parse(res.body.toString('utf8'));
  } catch {
    return { kind: 'failed', error: 'The page’s answer is not JSON: is this its /api/v2/summary.json address?' };
  }
  const etag = typeof res.headers.etag === 'string' ? res.headers.etag : null;
  return { kind: 'read', etag, reading: readUpstreamComponent(json, upstreamComponentId) };
}

async function pollOne(f: FollowRecord, allowPrivate: boolean, get: Get): Promise<PollResult> {
  try {
    const res = await get(f.summaryUrl, { allowPrivate, headers: f.etag ? { 'if-none-match': f.etag } : {} });
    return interpretAnswer(res, f.upstreamComponentId);
  } catch (e) {
    if (e instanceof OutboundError) return { kind: 'failed', error: e.message };
    return { kind: 'failed', error: `The request failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

export interface PollOptions {
  readonly allowPrivate: boolean;
  /** A follow polled less than this long ago (ms) waits for the next round. */
  readonly intervalMs: number;
  readonly now: () => number;
  readonly get?: Get;
}

/**
 * Polls every follow that is due, all at once (each request is bounded to 5 s and 1 MiB), and
 * records each answer in its own transaction. Requests are awaited outside any transaction:
 * a slow upstream page never holds the database.
 */
export async function pollUpstreams(db: Db, options: PollOptions): Promise<Map<string, PollOutcome>> {
  const start = options.now();
  // Half an interval of slack: a round that starts a little early does not skip a follow.
  const due = listFollows(db).filter((f) => f.lastPolledAt === null || start - f.lastPolledAt >= options.intervalMs / 2);
  const results = await Promise.all(due.map(async (f) => [f.componentId, await pollOne(f, options.allowPrivate, options.get ?? guardedGet)] as const));
  const outcomes = new Map<string, PollOutcome>();
  for (const [componentId, result] of results) outcomes.set(componentId, recordUpstreamPoll(db, componentId, result, options.now()));
  return outcomes;
}

/** Polls at once and then every `intervalMs`; a round still running when the next is due is not doubled. */
export function startUpstreamPoller(db: Db, options: PollOptions & { readonly log: (line: string) => void }): Repeating {
  let running = false;
  const round = (): void => {
    if (running) return;
    running = true;
    pollUpstreams(db, options)
      .then((outcomes) => {
        for (const [id, outcome] of outcomes) if (outcome === 'fired' || outcome === 'resolved') options.log(`upstream: component ${id} ${outcome === 'fired' ? 'follows an upstream problem' : 'is back with its upstream'}`);
      })
      .catch((e: unknown) => options.log(`upstream: poll failed, will retry: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => (running = false));
  };
  return repeatEvery(options.intervalMs, round);
}
