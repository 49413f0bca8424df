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
}

/**
 * Keeps a static export in step with the content: after every change (seen within `checkMs`) and
 * at least every `maxAgeMs`, one export at a time. A failed export is logged and retried on the
 * next check; the files from the last good one stay in place.
 */
export function startExportRefresher(options: RefresherOptions): { stop(): Promise<void> } {
  let exported: number | null = null;
  let exportedAt = 0;
  let running: Promise<void> | null = null;
  const check = (): void => {
    if (running) return;
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
        },
        (e: unknown) => options.log(`static export failed, will retry: ${(e as Error).message}`),
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
