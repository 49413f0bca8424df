/** The part of autocannon's programmatic API the serving benchmark uses (the package ships no types). */
declare module 'autocannon' {
  export interface Options {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    headers?: Record<string, string>;
  }
  export interface Histogram {
    readonly average: number;
    readonly max: number;
    readonly p50: number;
    readonly p99: number;
    readonly total: number;
  }
  export interface Result {
    /** Seconds. */
    readonly duration: number;
    readonly errors: number;
    readonly timeouts: number;
    readonly non2xx: number;
    /** Milliseconds. */
    readonly latency: Histogram;
    /** Per-second samples; `total` is the number of completed requests. */
    readonly requests: Histogram;
    /** Per-second samples of bytes; `total` is all bytes read. */
    readonly throughput: Histogram;
  }
  export interface Instance {
    stop(): void;
  }
  function autocannon(options: Options, done: (error: Error | null, result: Result) => void): Instance;
  export default autocannon;
}
