import { Counter, type Registry } from 'prom-client';
import type { AlertSource } from '../../core/alert.js';
import type { AlertReceipt } from '../use-cases/alerts.js';

/** Counts kept in this thread (the site's, where the intake and /metrics both run) until scraped. */
const counts = new Map<string, number>();

export function countAlertReceipts(source: AlertSource, receipts: readonly AlertReceipt[]): void {
  for (const r of receipts) {
    const key = `${source}\u0000${r.outcome}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
}

export function registerAlertMetrics(registry: Registry): void {
  new Counter({
    name: 'beacon_alerts_received_total',
    help: 'Alerts received, by source and by what each did: fired, resolved, duplicate (a resend), stale (older than what was known), unroutable (no component matched).',
    labelNames: ['source', 'outcome'] as const,
    registers: [registry],
    collect(): void {
      this.reset();
      for (const [key, n] of counts) {
        const [source, outcome] = key.split('\u0000') as [string, string];
        this.inc({ source, outcome }, n);
      }
    },
  });
}
