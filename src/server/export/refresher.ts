export interface RefresherOptions {
  /** The content version now, or null when unreadable (then nothing is exported). */
  readonly version: () => number | null;
  /** Writes the export; resolves when done. */
  readonly run: () => Promise<unknown>;
  /** How often to look for a change, ms. */
  readonly checkMs: number;
  /** Refresh at least this often even without changes (relative times, today's bar), ms. */
  readonly maxAgeMs: number;
  readonly now: () => number;
  readonly log: (line: string) => void;
  /**
   * How long to wait after the n-th failure in a row before trying again, ms (default: the next
   * check). A remote copy backs off so an outage there costs the site nothing.
   */
  readonly retryAfterMs?: (failures: number) => number;
  /** What the log calls a run (default "static export"). */
  readonly name?: string;
}

/**
 * Keeps a static export in step with the content: after every change (seen within `checkMs`) and
 * at least every `maxAgeMs`, one export at a time. A failed export is logged and retried on the
 * next check (or after `retryAfterMs`); the files from the last good one stay in place.
 */
export function startExportRefresher(options: RefresherOptions): { stop(): Promise<void> } {
  let exported: number | null = null;
  let exportedAt = 0;
  let running: Promise<void> | null = null;
  let failures = 0;
  let retryAt = 0;
  const check = (): void => {
    if (running || options.now() < retryAt) return;
    const version = options.version();
    if (version === null) return;
    if (version === exported && options.now() - exportedAt < options.maxAgeMs) return;
    const startedAt = options.now();
    running = options
      .run()
      .then(
        () => {
          exported = version;
          exportedAt = startedAt;
          failures = 0;
          retryAt = 0;
        },
        (e: unknown) => {
          failures++;
          const wait = options.retryAfterMs?.(failures) ?? 0;
          retryAt = options.now() + wait;
          options.log(`${options.name ?? 'static export'} failed, will retry${wait > 0 ? ` in ${Math.round(wait / 1000)} s` : ''}: ${(e as Error).message}`);
        },
      )
      .finally(() => (running = null));
  };
  check();
  const timer = setInterval(check, options.checkMs);
  timer.unref();
  return {
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}
