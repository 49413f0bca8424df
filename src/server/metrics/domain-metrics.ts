import { Gauge, type Registry } from 'prom-client';
import type { Db } from '../../../db/client.js';
import { COMPONENT_STATUSES } from '../../core/component-status.js';
import { deriveEventStatus } from '../../core/event-status.js';
import { listComponents } from '../read/components.js';
import { listOpenEvents } from '../read/events.js';
import { leafStatus } from '../views/current-status.js';
import { DELIVERY_STATES } from '../../core/delivery.js';
import { outboxStatus } from '../read/outbox.js';

/**
 * Reads from the database at scrape time, or null (after logging why) when it cannot. The
 * scrape then still succeeds with everything else, and the gauges say "unknown" rather than
 * repeat an old value: a stale "0 open incidents" would be a lie. /health carries the error.
 */
function tryRead<T>(source: () => Db, read: (db: Db) => T): T | null {
  try {
    return read(source());
  } catch (e) {
    console.error(`metrics: cannot read the database: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}

/**
 * Gauges about the page itself, computed from the database on every scrape so they can
 * never drift from what the page shows.
 */
export function registerDomainMetrics(registry: Registry, source: () => Db): void {
  // A state set, one series per (component, status) with 1 on the current status and 0 on the
  // others, rather than a single series whose `status` label changes: the series stay the same
  // as statuses change, so `beacon_component_status{status="major_outage"} == 1` alerts, sums
  // across components, and `changes()` work, and no stale series lingers after a transition.
  new Gauge({
    name: 'beacon_component_status',
    help: 'Current status of each component (groups excluded): 1 for the status it is in, 0 for the others.',
    labelNames: ['component', 'status'] as const,
    registers: [registry],
    collect(): void {
      // Start empty each scrape: archived components disappear, and an unreadable database leaves no series.
      this.reset();
      for (const c of tryRead(source, listComponents) ?? []) {
        if (c.isGroup) continue;
        const current = leafStatus(c);
        for (const status of COMPONENT_STATUSES) this.set({ component: c.slug, status }, status === current ? 1 : 0);
      }
    },
  });

  // An unlabelled gauge cannot be emptied, so "unknown" is NaN, Prometheus' "no meaningful value".
  new Gauge({
    name: 'beacon_open_incidents',
    help: 'Incidents not yet resolved.',
    registers: [registry],
    collect(): void {
      this.set(tryRead(source, (db) => listOpenEvents(db).filter((e) => e.kind === 'incident').length) ?? NaN);
    },
  });

  new Gauge({
    name: 'beacon_active_maintenance',
    help: 'Maintenance in progress or being verified (scheduled windows that have not started are not counted).',
    registers: [registry],
    collect(): void {
      const active = tryRead(
        source,
        (db) =>
          listOpenEvents(db).filter(
            // Same rule as the front page's "maintenance in progress" list.
            (e) => e.kind === 'maintenance' && deriveEventStatus(e.kind, e.latestUpdateStatus, false) !== 'scheduled',
          ).length,
      );
      this.set(active ?? NaN);
    },
  });
  new Gauge({
    name: 'beacon_outbox_deliveries',
    help: 'Email deliveries in the outbox by state (pending, sent, failed, cancelled).',
    labelNames: ['state'] as const,
    registers: [registry],
    collect(): void {
      this.reset();
      const status = tryRead(source, outboxStatus);
      if (status) for (const state of DELIVERY_STATES) this.set({ state }, status.byState[state]);
    },
  });
  new Gauge({
    name: 'beacon_outbox_oldest_pending_seconds',
    help: 'How long the oldest mail still owed has waited, in seconds (0 when none is pending).',
    registers: [registry],
    collect(): void {
      this.reset();
      const status = tryRead(source, outboxStatus);
      if (status) this.set(status.oldestPendingAt === null ? 0 : Math.max(0, (Date.now() - status.oldestPendingAt) / 1000));
    },
  });
}
