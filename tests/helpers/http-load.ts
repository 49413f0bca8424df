import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/** One request the load sends: a path and the headers a client of that kind would send. */
export interface LoadRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** One answered request. */
export interface LoadSample {
  readonly path: string;
  readonly status: number;
  /** From sending the request to the last byte of the body, ms. */
  readonly ms: number;
}

/** A request that got no HTTP answer (reset, refused, timed out). */
export interface LoadFailure {
  readonly path: string;
  readonly error: string;
}

export interface LoadReport {
  readonly samples: readonly LoadSample[];
  readonly failures: readonly LoadFailure[];
  /** Wall time the load ran, ms. */
  readonly ms: number;
}

export interface RunningLoad {
  /** Answered requests so far (grows while the load runs). */
  readonly samples: readonly LoadSample[];
  /** Lets each client finish the request it is on, then reports everything. */
  stop(): Promise<LoadReport>;
}

/** A request left unanswered this long counts as a failure, ms: broken, not slow. */
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * `connections` keep-alive clients, each sending one request after another to `base` (loopback
 * HTTP) until stopped; `next` picks what each one sends, and may send back the ETag last seen for
 * that path and encoding (ETags differ per encoding), as a revalidating cache would. Each body is
 * read in full, so a response cut short fails as it would for a reader.
 */
export function startLoad(
  base: string,
  connections: number,
  next: (client: number, lastEtag: (path: string, acceptEncoding: string) => string | undefined) => LoadRequest,
): RunningLoad {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const etags = new Map<string, string>();
  const keyOf = (path: string, acceptEncoding: string | undefined): string => `${acceptEncoding ?? ''} ${path}`;
  const lastEtag = (path: string, acceptEncoding: string): string | undefined => etags.get(keyOf(path, acceptEncoding));
  const samples: LoadSample[] = [];
  const failures: LoadFailure[] = [];
  const started = performance.now();
  let running = true;
  const once = (spec: LoadRequest): Promise<void> =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const req = request(`${base}${spec.path}`, { agent, headers: spec.headers, timeout: REQUEST_TIMEOUT_MS }, (res) => {
        res.on('data', () => {});
        res.on('end', () => {
          const etag = res.headers.etag;
          if (etag) etags.set(keyOf(spec.path, spec.headers['accept-encoding']), etag);
          samples.push({ path: spec.path, status: res.statusCode ?? 0, ms: performance.now() - t0 });
          resolve();
        });
        res.on('error', (e) => {
          failures.push({ path: spec.path, error: e.message });
          resolve();
        });
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
      req.on('error', (e) => {
        failures.push({ path: spec.path, error: e.message });
        resolve();
      });
      req.end();
    });
  const client = async (n: number): Promise<void> => {
    while (running) await once(next(n, lastEtag));
  };
  const clients = Array.from({ length: connections }, (_, n) => client(n));
  return {
    samples,
    async stop(): Promise<LoadReport> {
      running = false;
      await Promise.all(clients);
      agent.destroy();
      return { samples, failures, ms: performance.now() - started };
    },
  };
}

/** The nearest-rank percentile (0–100) of `values`, which must be sorted ascending. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
