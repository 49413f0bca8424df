import type { DatabaseHandle } from '../../../db/client.js';
import { config } from '../config.js';
import { database } from '../db.js';
import { outboxCheck } from './outbox-check.js';
import { publishCheck } from './publish-check.js';
import { publishStatusPath } from '../publish/status.js';
import { isObjectStorageUrl } from '../publish/target.js';
import { errorMessage, type CheckResult, type NamedCheck } from './check.js';
import { probeDatabase } from './database-probe.js';
import { shippedMigrations, type ShippedMigration } from './migrations.js';
import { assembleHealth, healthHttpStatus, type HealthReport } from './report.js';
import { APP_VERSION } from './version.js';

/** A readiness check that needs the database (it only runs once the database answered). */
export interface HealthCheck {
  readonly name: string;
  run(handle: DatabaseHandle): CheckResult;
}

/** Checks beyond the database's own, reported under `checks`; `publish` only when publishing to object storage. */
export const HEALTH_CHECKS: readonly HealthCheck[] = [
  outboxCheck(config.smtpUrl !== null, Date.now),
  ...(config.staticExportDir && isObjectStorageUrl(config.staticExportDir) ? [publishCheck(publishStatusPath(config.databasePath), config.publishStaleSeconds * 1000, Date.now)] : []),
];

export interface HealthDeps {
  readonly open: () => DatabaseHandle;
  readonly shipped: () => readonly ShippedMigration[];
  readonly version: string;
  readonly uptimeSeconds: number;
  readonly checks: readonly HealthCheck[];
}

function runCheck(check: HealthCheck, handle: DatabaseHandle): NamedCheck {
  try {
    return { name: check.name, result: check.run(handle) };
  } catch (e) {
    return { name: check.name, result: { ok: false, detail: errorMessage(e) } };
  }
}

/** Probes the database, runs the other checks, and assembles the report. Never throws. */
export function checkHealth(deps: HealthDeps): HealthReport {
  const probe = probeDatabase(deps.open, deps.shipped);
  const checks = deps.checks.map((c) =>
    probe.reachable ? runCheck(c, deps.open()) : { name: c.name, result: { ok: false, detail: 'Not checked: the database is unreachable.' } },
  );
  return assembleHealth({ version: deps.version, uptimeSeconds: deps.uptimeSeconds, database: probe, checks });
}

/** This process's health, against the process-wide database. */
export function liveHealth(): HealthReport {
  return checkHealth({
    open: database,
    shipped: shippedMigrations,
    version: APP_VERSION,
    uptimeSeconds: Math.floor(process.uptime()),
    checks: HEALTH_CHECKS,
  });
}

/** JSON, 200 or 503, never cached: a stale "ok" from a proxy would hide an outage. */
export function healthResponse(report: HealthReport): Response {
  return new Response(JSON.stringify(report, null, 2), {
    status: healthHttpStatus(report),
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}
