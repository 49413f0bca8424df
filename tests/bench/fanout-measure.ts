/** Measuring helpers shared by the fan-out benchmark's sections. */

/** Past this a round is declared stuck, ms. */
export const ROUND_TIMEOUT_MS = 900_000;

/** One side's run of one mail round. */
export interface RoundResult {
  readonly side: 'beacon' | 'bare';
  readonly pool: number;
  readonly messages: number;
  /** Beacon only: the use-case transaction that writes the outbox rows, ms. */
  readonly enqueueMs: number | null;
  readonly totalMs: number;
  /** Per mail, from handing it to nodemailer to the relay's 250, ms. */
  readonly latencies: number[];
  readonly senderCpuMs: number;
  readonly sinkCpuMs: number;
  /** SMTP connections the sink saw. */
  readonly connections: number;
  readonly peakRssBytes: number;
  /** What went wrong, if anything: lost, failed or duplicated mail. */
  readonly problems: string[];
}

/** Nearest-rank percentile of an ascending list; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Samples the resident set while a phase runs: maxRSS is per process lifetime, useless per phase. */
export function rssSampler(): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  return {
    stop(): number {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

/** Polls `check` every 2 ms; rejects after ROUND_TIMEOUT_MS, naming `what`. */
export async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + ROUND_TIMEOUT_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
