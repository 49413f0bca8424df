import type { CheckResult } from './check.js';
import type { HealthCheck } from './health.js';
import { publishVerdict, readPublishStatus } from '../publish/status.js';

/**
 * The published copy in object storage, when STATIC_EXPORT_DIR is s3://…: fails once a change has
 * waited longer than PUBLISH_STALE_SECONDS. Reads the publisher's status file (written by the
 * server's main thread), not the database.
 */
export function publishCheck(statusFile: string, staleMs: number, now: () => number): HealthCheck {
  return {
    name: 'publish',
    run(): CheckResult {
      const v = publishVerdict(readPublishStatus(statusFile), now(), staleMs);
      return { ok: v.ok, detail: v.detail };
    },
  };
}
