import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

/** What a load sends: keep-alive clients cycling through every path × Accept-Encoding. */
export interface LoadSpec {
  /** Loopback base URL, no trailing slash. */
  readonly base: string;
  readonly connections: number;
  readonly paths: readonly string[];
  /** Accept-Encoding values to send; null sends none. */
  readonly encodings: readonly (string | null)[];
  /** Every n-th request sends back the ETag last seen for its path and encoding, as a revalidating cache would. */
  readonly revalidateEvery: number;
}

/** One answered request. */
export interface LoadSample {
  readonly path: string;
  readonly status: number;
  /** From sending the request to the last byte of the body, ms. */
  readonly ms: number;
}

/** A request that got no complete HTTP answer (reset, refused, cut short, timed out). */
export interface LoadFailure {
  readonly path: string;
  readonly error: string;
}

export interface LoadReport {
  readonly samples: readonly LoadSample[];
  /** The first MAX_KEPT_FAILURES failures. */
  readonly failures: readonly LoadFailure[];
  readonly failureCount: number;
  /** Wall time the load ran, ms. */
  readonly ms: number;
}

export interface RunningLoad {
  /** Adds a path to the cycle (a page that exists only from now on). */
  addPath(path: string): void;
  /** Lets each client finish the request it is on, then reports everything. */
  stop(): Promise<LoadReport>;
}

/** A request left unanswered this long counts as a failure, ms: broken, not slow. */
const REQUEST_TIMEOUT_MS = 15_000;
/** A client pauses this long after a failure, ms, so a dead server is not hammered in a tight loop. */
const FAILURE_PAUSE_MS = 10;
const MAX_KEPT_FAILURES = 100;

/**
 * Runs the load in this process. Each body is read in full, so a response cut short fails as it
 * would for a reader.
 */
export function startLoad(spec: LoadSpec): RunningLoad {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const paths = [...spec.paths];
  const etags = new Map<string, string>();
  const samples: LoadSample[] = [];
  const failures: LoadFailure[] = [];
  let failureCount = 0;
  const started = performance.now();
  let running = true;
  let n = 0;

  /** Sends one request; resolves true once it is answered in full, false when it failed. */
  const once = (): Promise<boolean> => {
    const i = n++;
    const path = paths[i % paths.length]!;
    const encoding = spec.encodings[Math.floor(i / paths.length) % spec.encodings.length] ?? null;
    const key = `${encoding ?? ''} ${path}`;
    const headers: Record<string, string> = {};
    if (encoding !== null) headers['accept-encoding'] = encoding;
    const etag = i % spec.revalidateEvery === 0 ? etags.get(key) : undefined;
    if (etag) headers['if-none-match'] = etag;
    return new Promise((resolve) => {
      const fail = (e: Error): void => {
        if (failureCount++ < MAX_KEPT_FAILURES) failures.push({ path, error: e.message });
        resolve(false);
      };
      const t0 = performance.now();
      const req = request(`${spec.base}${path}`, { agent, headers, timeout: REQUEST_TIMEOUT_MS }, (res) => {
        res.on('data', () => {});
        res.on('error', fail);
        res.on('end', () => {
          if (res.headers.etag) etags.set(key, res.headers.etag);
          samples.push({ path, status: res.statusCode ?? 0, ms: performance.now() - t0 });
          resolve(true);
        });
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
      req.on('error', fail);
      req.end();
    });
  };
  const client = async (): Promise<void> => {
    while (running) if (!(await once())) await new Promise((r) => setTimeout(r, FAILURE_PAUSE_MS));
  };
  const clients = Array.from({ length: spec.connections }, client);
  return {
    addPath: (path) => void paths.push(path),
    async stop(): Promise<LoadReport> {
      running = false;
      await Promise.all(clients);
      agent.destroy();
      return { samples, failures, failureCount, ms: performance.now() - started };
    },
  };
}

/** What the parent tells a load child (load-child.ts). */
export type LoadCommand = { readonly type: 'add'; readonly path: string } | { readonly type: 'stop' };
/** What a load child answers. */
export type LoadMessage = { readonly type: 'started' } | ({ readonly type: 'report' } & LoadReport);

/**
 * Runs the load in a child process, so sending and timing requests does not share an event loop
 * with the test (its SMTP sink, its checks). Resolves once the clients are running.
 */
export async function forkLoad(spec: LoadSpec): Promise<RunningLoad> {
  const child = fork(fileURLToPath(new URL('./load-child.ts', import.meta.url)), [JSON.stringify(spec)], { execArgv: ['--import', 'tsx'] });
  const next = (): Promise<LoadMessage> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`the load process exited early (${code})`));
      child.once('exit', onExit);
      child.once('message', (m: LoadMessage) => {
        child.off('exit', onExit);
        resolve(m);
      });
    });
  await next();
  return {
    addPath: (path) => void child.send({ type: 'add', path } satisfies LoadCommand),
    async stop(): Promise<LoadReport> {
      const reply = next();
      child.send({ type: 'stop' } satisfies LoadCommand);
      const { type: _type, ...report } = await reply;
      return report as LoadReport;
    },
  };
}

/** The nearest-rank percentile (0–100) of `values`, which must be sorted ascending. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
