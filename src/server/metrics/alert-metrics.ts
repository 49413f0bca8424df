import { Counter, type Registry } from 'prom-client';
import { ALERT_SOURCES, type AlertSource } from '../../core/alert.js';
import { ALERT_OUTCOMES } from '../alerts/incoming.js';
import type { AlertReceipt } from '../use-cases/alerts.js';

const KEY = Symbol.for('beacon.alert-counts');

/**
 * Alerts received since the process started, one slot per (source, outcome). Shared memory, as
 * the cache counts are: the API's intake runs on the site thread, heartbeats and upstream pages
 * on the main thread, and /metrics (site thread) reports both. Two threads write, so the slots
 * are 64-bit integers changed with Atomics.
 */
export function alertCounts(): BigInt64Array {
  const g = globalThis as { [KEY]?: BigInt64Array };
  return (g[KEY] ??= new BigInt64Array(new SharedArrayBuffer(ALERT_SOURCES.length * ALERT_OUTCOMES.length * BigInt64Array.BYTES_PER_ELEMENT)));
}

/** Makes this thread count into the array of the thread that started it. */
export function shareAlertCounts(counts: BigInt64Array): void {
  (globalThis as { [KEY]?: BigInt64Array })[KEY] = counts;
}

const slot = (source: AlertSource, outcome: AlertReceipt['outcome']): number => ALERT_SOURCES.indexOf(source) * ALERT_OUTCOMES.length + ALERT_OUTCOMES.indexOf(outcome);

export function countAlertReceipts(source: AlertSource, receipts: readonly AlertReceipt[]): void {
  const counts = alertCounts();
  for (const r of receipts) Atomics.add(counts, slot(source, r.outcome), 1n);
}

export function registerAlertMetrics(registry: Registry): void {
  new Counter({
    name: 'beacon_alerts_received_total',
    help: 'Alerts received, by source and by what each did: fired, resolved, duplicate (a resend), stale (older than what was known), unroutable (no component matched).',
    labelNames: ['source', 'outcome'] as const,
    registers: [registry],
    collect(): void {
      this.reset();
      const counts = alertCounts();
      for (const source of ALERT_SOURCES) {
        for (const outcome of ALERT_OUTCOMES) {
          const n = Number(Atomics.load(counts, slot(source, outcome)));
          if (n > 0) this.inc({ source, outcome }, n);
        }
      }
    },
  });
}
