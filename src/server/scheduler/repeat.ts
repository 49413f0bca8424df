export interface Repeating {
  /** No run starts after this; one already under way finishes. */
  stop(): void;
}

/**
 * Runs `run` at once (catching up on what fell due while stopped) and then every `intervalMs`.
 * The timers are unref'd: a background job never keeps the process alive on its own.
 */
export function repeatEvery(intervalMs: number, run: () => void): Repeating {
  let stopped = false;
  const guarded = (): void => {
    if (!stopped) run();
  };
  const first = setTimeout(guarded, 0);
  const interval = setInterval(guarded, intervalMs);
  first.unref();
  interval.unref();
  return {
    stop(): void {
      stopped = true;
      clearTimeout(first);
      clearInterval(interval);
    },
  };
}
