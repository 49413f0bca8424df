import { formatDuration } from '../../core/format.js';
import { outboxStatus } from '../read/outbox.js';
import type { CheckResult } from './check.js';
import type { HealthCheck } from './health.js';

/**
 * How long mail may wait before /health calls the outbox unhealthy, ms. Long enough to ride out
 * a relay's brief hiccup and the backoff that follows; short enough that an operator hears of a
 * stuck outbox well within one incident.
 */
export const OUTBOX_STALE_MS = 30 * 60_000;

/**
 * The outbox verdict from plain figures. Without SMTP configured, waiting mail is the operator's
 * choice, said in words but not a failure: taking the status page out of a load balancer because
 * mail is off would hide the page exactly when it is needed.
 */
export function outboxVerdict(pending: number, failed: number, oldestPendingAt: number | null, mailConfigured: boolean, now: number): CheckResult {
  const age = oldestPendingAt === null ? 0 : Math.max(0, now - oldestPendingAt);
  const figures = `${pending} pending${pending > 0 ? ` (oldest ${formatDuration(age)})` : ''}, ${failed} failed`;
  if (!mailConfigured) return { ok: true, detail: `Mail is not configured (SMTP_URL); ${figures}, kept until it is.` };
  if (pending > 0 && age > OUTBOX_STALE_MS) return { ok: false, detail: `Mail is not going out: ${figures}. Check the SMTP relay and the server log.` };
  return { ok: true, detail: `${figures}.` };
}

export function outboxCheck(mailConfigured: boolean, now: () => number): HealthCheck {
  return {
    name: 'outbox',
    run(handle): CheckResult {
      const status = outboxStatus(handle.db);
      return outboxVerdict(status.byState.pending, status.byState.failed, status.oldestPendingAt, mailConfigured, now());
    },
  };
}
