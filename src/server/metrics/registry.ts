import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Db } from '../../../db/client.js';
import { database } from '../db.js';
import { registerAlertMetrics } from './alert-metrics.js';
import { registerCacheMetrics } from './cache-metrics.js';
import { registerDomainMetrics } from './domain-metrics.js';
import { registerHttpMetrics, type HttpMetrics } from './http-metrics.js';
import { registerLagMetrics } from './lag-metrics.js';

export interface Metrics {
  readonly registry: Registry;
  readonly http: HttpMetrics;
}

/**
 * A complete set of Beacon's metrics in a registry of its own. Not prom-client's global
 * registry: registering a metric name twice there throws, which any second instance (a test,
 * a dev-server reload) would do.
 */
export function createMetrics(source: () => Db): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'beacon_' });
  const http = registerHttpMetrics(registry);
  registerDomainMetrics(registry, source);
  registerCacheMetrics(registry);
  registerLagMetrics(registry);
  registerAlertMetrics(registry);
  return { registry, http };
}

let live: Metrics | null = null;

/** This process's metrics, over the process-wide database (opened only when scraped). */
export function appMetrics(): Metrics {
  live ??= createMetrics(() => database().db);
  return live;
}
