/**
 * Process-wide notices between the code Astro bundled (pages, use-cases) and the code the server
 * entry loads itself (delivery worker, caches): two module graphs, one process. They share state
 * through globalThis under a registered symbol, never through module singletons.
 */
export const SIGNALS = ['outbox'] as const;
export type Signal = (typeof SIGNALS)[number];

type Listeners = Map<Signal, Set<() => void>>;
const KEY = Symbol.for('beacon.signals');

function listeners(): Listeners {
  const g = globalThis as { [KEY]?: Listeners };
  return (g[KEY] ??= new Map());
}

/** Calls every listener of `signal`; a listener that throws does not stop the others or the caller. */
export function announce(signal: Signal): void {
  for (const listener of listeners().get(signal) ?? []) {
    try {
      listener();
    } catch {
      // A listener's failure is its own; the write that announced has already committed.
    }
  }
}

/** Listens for `signal`; returns the function that stops listening. */
export function listen(signal: Signal, listener: () => void): () => void {
  const all = listeners();
  const set = all.get(signal) ?? new Set();
  set.add(listener);
  all.set(signal, set);
  return () => set.delete(listener);
}
