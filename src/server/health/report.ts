/**
 * Pure assembly of /health: check results in, report and HTTP status out. No I/O here, so
 * every verdict (healthy, unreachable, behind) is unit-testable from plain values.
 */
import type { CheckResult, NamedCheck } from './check.js';
import type { MigrationState } from './migrations.js';

export const HEALTH_STATUSES = ['ok', 'error'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

/** What probing the database found; also the report's `database` field as is. */
export interface DatabaseProbe {
  readonly reachable: boolean;
  /** The failure's message: why the database is unreachable, or why its migrations could not be read. */
  readonly error: string | null;
  readonly migration: MigrationState | null;
}

export interface HealthReport {
  readonly status: HealthStatus;
  readonly version: string;
  readonly uptimeSeconds: number;
  readonly database: DatabaseProbe;
  /** Every check by name; `status` is "ok" exactly when all of them are. */
  readonly checks: Readonly<Record<string, CheckResult>>;
}

export interface HealthInput {
  readonly version: string;
  readonly uptimeSeconds: number;
  readonly database: DatabaseProbe;
  /** Further checks (the outbox's, later), reported after the database's own. */
  readonly checks: readonly NamedCheck[];
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function migrationResult(probe: DatabaseProbe): CheckResult {
  const m = probe.migration;
  if (!probe.reachable) return { ok: false, detail: 'Not checked: the database is unreachable.' };
  if (m === null) return { ok: false, detail: `Cannot read the applied migrations: ${probe.error ?? 'unknown error'}` };
  if (m.pending > 0) {
    return {
      ok: false,
      detail: `The database is behind this build: ${plural(m.pending, 'migration')} pending (newest applied ${m.applied.tag ?? 'none'}, latest ${m.latest.tag ?? 'none'}). Run \`npm run migrate\`.`,
    };
  }
  // Not a failure: a newer release migrated this file and was rolled back, or a shipped .sql was
  // edited after it ran. The schema is at least as new as this build expects, so keep serving.
  if (m.applied.tag === null && m.applied.count > 0) {
    return { ok: true, detail: `The newest applied migration (${m.applied.hash ?? '?'}) is not one this build ships.` };
  }
  return { ok: true, detail: `Up to date at ${m.latest.tag ?? 'no migrations'} (${plural(m.applied.count, 'migration')} applied).` };
}

/** The database's own checks: reachability, then the migration version. */
export function databaseChecks(probe: DatabaseProbe): NamedCheck[] {
  return [
    {
      name: 'database',
      result: probe.reachable
        ? { ok: true, detail: 'The database answered a query.' }
        : { ok: false, detail: probe.error ?? 'The database is unreachable.' },
    },
    { name: 'migrations', result: migrationResult(probe) },
  ];
}

export function assembleHealth(input: HealthInput): HealthReport {
  const checks = [...databaseChecks(input.database), ...input.checks];
  return {
    status: checks.every((c) => c.result.ok) ? 'ok' : 'error',
    version: input.version,
    uptimeSeconds: input.uptimeSeconds,
    database: input.database,
    checks: Object.fromEntries(checks.map((c) => [c.name, c.result])),
  };
}

/** 503 tells load balancers and orchestrators to route around this process until it recovers. */
export function healthHttpStatus(report: HealthReport): 200 | 503 {
  return report.status === 'ok' ? 200 : 503;
}
