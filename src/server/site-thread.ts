import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import { localCommits } from '../../db/client.js';
import type { Rendered } from './cache/fast-path.js';
import { cacheStats } from './cache/cache-stats.js';
import { answerRestarting, forwardTo, loopbackAgent, renderFrom } from './http/loopback.js';
import { PEER_HEADER, peerHeaderValue } from './http/peer-address.js';
import { alertCounts } from './metrics/alert-metrics.js';
import { mainThreadLag, type MainThreadLag } from './metrics/main-thread-lag.js';
import { announce, type Signal } from './signals.js';
import { siteOutDir, type Site } from './site.js';
import { tsWorker } from './ts-worker.js';

export interface SiteThreadData {
  readonly outDir: string;
  /** Proves a forwarded request's client address came from this process (peer-address.ts). */
  readonly secret: string;
  readonly commits: Int32Array;
  readonly cacheStats: Float64Array;
  readonly mainThreadLag: MainThreadLag;
  readonly alertCounts: BigInt64Array;
}

export type SiteParentMessage = { readonly type: 'stop' } | { readonly type: 'ping' };
export type SiteThreadMessage =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'signal'; readonly signal: Signal }
  | { readonly type: 'pong' };

export interface SiteThreadOptions {
  readonly outDir?: string;
  readonly log: (line: string) => void;
  /** Pause before a thread that died is started again, ms. */
  readonly restartMs?: number;
  /**
   * How long the thread may leave a ping unanswered before it is taken for hung (a page stuck in
   * a loop) and replaced, ms. Far above any render: the biggest pages take a quarter second.
   */
  readonly watchdogMs?: number;
}

/** How long a stopping thread may take to close its listener before it is terminated, ms. */
const STOP_GRACE_MS = 5_000;

/**
 * Runs the Astro site on a thread of its own, behind a loopback listener; the main thread keeps
 * the fast path and forwards everything else. Loaded into the main thread, the site made every
 * cache hit about 13 µs dearer, a seventh of a hit's cost (among other things, its
 * AsyncLocalStorage turns on async context tracking for the whole thread). Commits and cache
 * counts are shared through memory, outbox signals and pings by message. A thread that dies or
 * hangs is started again; meanwhile cached pages are still served and the rest is answered 503.
 */
export async function startSiteThread(options: SiteThreadOptions): Promise<Site> {
  const outDir = siteOutDir(options.outDir);
  const data: SiteThreadData = {
    outDir,
    secret: randomBytes(24).toString('base64url'),
    commits: localCommits(),
    cacheStats: cacheStats(),
    mainThreadLag: mainThreadLag(),
    alertCounts: alertCounts(),
  };
  const agent = loopbackAgent();
  let port: number | null = null;
  let stopping = false;
  let current: Worker;
  let exited: Promise<void> = Promise.resolve();
  const restartMs = options.restartMs ?? 1_000;
  const watchdogMs = options.watchdogMs ?? 30_000;
  let answeredAt = performance.now();
  // Keeps trying: until a thread is up again, hits are still served and the rest answered 503.
  const restart = (): void =>
    void setTimeout(() => {
      if (stopping) return;
      spawn().catch((e: Error) => {
        options.log(`site: could not start the site thread: ${e.message}; trying again in ${restartMs / 1000} s`);
        restart();
      });
    }, restartMs).unref();

  const spawn = (): Promise<void> =>
    new Promise((ready, failed) => {
      const worker = tsWorker(new URL('./site-thread-main.ts', import.meta.url), data);
      current = worker;
      let started = false;
      worker.on('message', (message: SiteThreadMessage) => {
        if (message.type === 'ready') {
          port = message.port;
          started = true;
          answeredAt = performance.now();
          ready();
        } else if (message.type === 'pong') answeredAt = performance.now();
        else announce(message.signal);
      });
      worker.on('error', (e) => {
        if (started) options.log(`site: the site thread failed: ${e.message}`);
        else failed(e);
      });
      exited = new Promise((done) =>
        worker.once('exit', (code) => {
          port = null;
          done();
          if (!started) return failed(new Error(`the site thread exited (${code}) before it was ready`));
          if (stopping) return;
          options.log(`site: the site thread stopped (exit ${code}); starting it again in ${restartMs / 1000} s`);
          restart();
        }),
      );
    });
  await spawn();
  const watchdog = setInterval(() => {
    if (port === null) return;
    if (performance.now() - answeredAt > watchdogMs) {
      options.log(`site: the site thread has not answered for ${watchdogMs / 1000} s; replacing it`);
      port = null;
      void current.terminate();
      return;
    }
    current.postMessage({ type: 'ping' } satisfies SiteParentMessage);
  }, watchdogMs / 4).unref();

  return {
    clientDir: resolve(outDir, 'client'),
    handler(req, res): void {
      if (port === null) return answerRestarting(res);
      forwardTo(agent, port, req, res, { [PEER_HEADER]: peerHeaderValue(data.secret, req.socket.remoteAddress) });
    },
    render(pathAndQuery: string): Promise<Rendered> {
      return port === null ? Promise.reject(new Error('the site is restarting')) : renderFrom(agent, port, pathAndQuery);
    },
    async close(): Promise<void> {
      stopping = true;
      clearInterval(watchdog);
      current.postMessage({ type: 'stop' } satisfies SiteParentMessage);
      const grace = setTimeout(() => void current.terminate(), STOP_GRACE_MS);
      await exited;
      clearTimeout(grace);
      agent.destroy();
    },
  };
}
