import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Db } from '../../../db/client.js';
import { database } from '../db.js';
import { registerAlertMetrics } from './alert-metrics.js';
import { registerCacheMetrics } from './cache-metrics.js';
import { registerDomainMetrics } from './domain-metrics.js';
import { registerHttpMetrics, type HttpMetrics } from './http-metrics.js';
import { registerLagMetrics } from './lag-metrics.js';
import { registerPublishMetrics } from './publish-metrics.js';
import { config } from '../config.js';
import { publishStatusPath } from '../publish/status.js';
import { isObjectStorageUrl } from '../publish/target.js';

export interface Metrics {
  readonly registry: Registry;
  readonly http: HttpMetrics;
}

/**
 * A complete set of Beacon's metrics in a registry of its own. Not prom-client's global
 * registry: registering a metric name twice there throws, which any second instance (a test,
 * a dev-server reload) would do.
 */
/**
 * prom-client's default gauges that end in `_total`, a suffix reserved for counters: Prometheus'
 * linter (`promtool check metrics`) rejects the exposition with them. Each is the sum of the
 * per-type gauge of the same name without the suffix (`sum(beacon_nodejs_active_handles)`), which
 * stays, so nothing is lost; renaming them would collide with those very names.
 */
export const DROPPED_DEFAULT_GAUGES = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'] as const;

export function createMetrics(source: () => Db): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'beacon_' });
  for (const name of DROPPED_DEFAULT_GAUGES) registry.removeSingleMetric(`beacon_${name}`);
  const http = registerHttpMetrics(registry);
  registerDomainMetrics(registry, source);
  registerCacheMetrics(registry);
  registerLagMetrics(registry);
  registerAlertMetrics(registry);
  if (config.staticExportDir && isObjectStorageUrl(config.staticExportDir)) registerPublishMetrics(registry, publishStatusPath(config.databasePath), Date.now);
  return { registry, http };
}

let live: Metrics | null = null;

/** This process's metrics, over the process-wide database (opened only when scraped). */
export function appMetrics(): Metrics {
  live ??= createMetrics(() => database().db);
  return live;
}
