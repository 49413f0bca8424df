import { Counter, Gauge, type Registry } from 'prom-client';
import { readPublishStatus } from '../publish/status.js';

/**
 * The copy in object storage, read from the publisher's status file at each scrape. Alert on
 * `beacon_publish_pending_seconds` (how long a change has waited) rather than the success age:
 * with nothing changing, no publish is due.
 */
export function registerPublishMetrics(registry: Registry, statusFile: string, now: () => number): void {
  const read = (): ReturnType<typeof readPublishStatus> => readPublishStatus(statusFile);
  new Gauge({
    name: 'beacon_publish_last_success_timestamp_seconds',
    help: 'When the public site was last published to object storage completely, Unix seconds; NaN when never.',
    registers: [registry],
    collect(): void {
      const at = read()?.lastSuccessAt ?? null;
      this.set(at === null ? NaN : at / 1000);
    },
  });
  new Gauge({
    name: 'beacon_publish_last_success_age_seconds',
    help: 'Seconds since the last complete publish to object storage; NaN when never.',
    registers: [registry],
    collect(): void {
      const at = read()?.lastSuccessAt ?? null;
      this.set(at === null ? NaN : Math.max(0, now() - at) / 1000);
    },
  });
  new Gauge({
    name: 'beacon_publish_pending_seconds',
    help: 'How long a content change has waited to reach object storage; 0 when the copy is up to date.',
    registers: [registry],
    collect(): void {
      const since = read()?.pendingSince ?? null;
      this.set(since === null ? 0 : Math.max(0, now() - since) / 1000);
    },
  });
  new Counter({
    name: 'beacon_publish_failures_total',
    help: 'Publish attempts to object storage that failed (each is retried with backoff).',
    registers: [registry],
    collect(): void {
      this.reset();
      this.inc(read()?.failures ?? 0);
    },
  });
  new Gauge({
    name: 'beacon_publish_consecutive_failures',
    help: 'Failed publish attempts in a row now; 0 after a success.',
    registers: [registry],
    collect(): void {
      this.set(read()?.consecutiveFailures ?? 0);
    },
  });
  new Gauge({
    name: 'beacon_publish_last_error_timestamp_seconds',
    help: 'When a publish to object storage last failed, Unix seconds; NaN when never.',
    registers: [registry],
    collect(): void {
      const at = read()?.lastErrorAt ?? null;
      this.set(at === null ? NaN : at / 1000);
    },
  });
}
