/** Messages between the serving benchmark (serve.ts) and its child processes: the load generator and the bare server. */

/** One load: `connections` keep-alive connections sending GET `url` with `headers`, for `seconds` or until stopped. */
export interface LoadSpec {
  readonly url: string;
  readonly connections: number;
  /** How long to run, s; an open-ended load (`start`) runs until `stop`. */
  readonly seconds: number;
  readonly headers: Readonly<Record<string, string>>;
}

export type LoadRequest =
  | ({ readonly type: 'run' } & LoadSpec)
  | ({ readonly type: 'start' } & LoadSpec)
  | { readonly type: 'stop' }
  | { readonly type: 'close' };

export interface LoadResult {
  readonly type: 'result';
  /** Completed 2xx/3xx/4xx/5xx responses. */
  readonly requests: number;
  readonly seconds: number;
  /** Latency percentiles, ms (autocannon records whole milliseconds, wrk microseconds). */
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly bytes: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  /** The load generator's own CPU time during the run, ms: near `seconds × 1000` means it was the bottleneck. */
  readonly cpuMs: number;
}

export type LoadReply = { readonly type: 'ready'; readonly generator: 'wrk' | 'autocannon' } | { readonly type: 'started' } | LoadResult;

/** A response as Beacon sent it for one encoding: headers (minus per-connection ones) and body bytes. */
export interface RecordedResponse {
  readonly headers: Readonly<Record<string, string>>;
  /** Base64 of the body exactly as on the wire (compressed when content-encoding says so). */
  readonly body: string;
}

export type BareRequest =
  | {
      readonly type: 'serve';
      /** Path → encoding (`br`, `gzip`, `identity`) → the recorded response. */
      readonly responses: Readonly<Record<string, Readonly<Record<'br' | 'gzip' | 'identity', RecordedResponse>>>>;
    }
  /** The event-loop delay since the last `lag` (or the start), then a new window. */
  | { readonly type: 'lag' }
  | { readonly type: 'close' };

/** A server's event-loop delay over a window, ms: the part of a request's wait the server itself caused. */
export interface LoopLag {
  readonly p99: number;
  readonly max: number;
}

/** `ready` once listening (before any responses are known), `serving` once a `serve` is taken in. */
export type BareReply = { readonly type: 'ready'; readonly port: number } | { readonly type: 'serving' } | ({ readonly type: 'lag' } & LoopLag);
