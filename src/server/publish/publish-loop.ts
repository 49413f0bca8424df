import { startExportRefresher } from '../export/refresher.js';
import { PublishRefused, type PublishResult } from './publisher.js';
import { initialStatus, readPublishStatus, writePublishStatus, type PublishStatus } from './status.js';

export interface PublishLoopOptions {
  /** `s3://bucket/prefix`, as configured (the status names it). */
  readonly target: string;
  readonly version: () => number | null;
  readonly publish: () => Promise<PublishResult>;
  /** Called after a publish that changed the bucket (the CDN purge); its failure is logged only. */
  readonly afterChange?: (result: PublishResult) => Promise<void>;
  readonly statusFile: string;
  readonly now: () => number;
  readonly log: (line: string) => void;
  /** How often to look for a change, ms. */
  readonly checkMs?: number;
  /** Publish at least this often (relative times, today's bar), ms. */
  readonly maxAgeMs?: number;
}

/** After the n-th failure in a row: 1 s, 2 s, 4 s … up to 30 s, ms. */
export const publishRetryMs = (failures: number): number => Math.min(30_000, 1_000 * 2 ** Math.max(0, failures - 1));

/**
 * Keeps the bucket in step with the content, off the request path: the static export's refresher
 * (one run at a time, within `checkMs` of a change) with backoff, recording each outcome in the
 * status file. The status carries over from a previous run of the server.
 */
export function startPublishLoop(o: PublishLoopOptions): { stop(): Promise<void> } {
  const previous = readPublishStatus(o.statusFile);
  let status: PublishStatus = previous && previous.target === o.target ? { ...previous, pendingSince: null, refused: null } : initialStatus(o.target);
  const save = (next: PublishStatus): void => {
    status = next;
    try {
      writePublishStatus(o.statusFile, status);
    } catch (e) {
      o.log(`publish: could not write ${o.statusFile}: ${(e as Error).message}`);
    }
  };
  const run = async (): Promise<void> => {
    const startedAt = o.now();
    save({ ...status, lastAttemptAt: startedAt, pendingSince: status.pendingSince ?? startedAt });
    let result: PublishResult;
    try {
      result = await o.publish();
    } catch (e) {
      const message = (e as Error).message;
      if (e instanceof PublishRefused) {
        // Not a failure to retry: nothing is published until the page is public again (a content change).
        if (status.refused !== message) o.log(`publish: ${message}`);
        return save({ ...status, pendingSince: null, refused: message, consecutiveFailures: 0 });
      }
      save({ ...status, failures: status.failures + 1, consecutiveFailures: status.consecutiveFailures + 1, lastError: message, lastErrorAt: o.now(), refused: null });
      throw e;
    }
    save({ ...status, lastSuccessAt: startedAt, pendingSince: null, consecutiveFailures: 0, refused: null, lastUploaded: result.uploaded, lastDeleted: result.deleted });
    for (const s of result.skipped) o.log(`publish: skipped ${s.path} (HTTP ${s.status}); its last good copy stays`);
    if (o.afterChange && result.uploaded + result.deleted > 0) {
      await o.afterChange(result).catch((e: unknown) => o.log(`publish: the CDN purge failed: ${(e as Error).message}`));
    }
  };
  return startExportRefresher({
    version: o.version,
    run,
    checkMs: o.checkMs ?? 1_000,
    maxAgeMs: o.maxAgeMs ?? 5 * 60_000,
    now: o.now,
    log: o.log,
    retryAfterMs: publishRetryMs,
    name: 'publish to object storage',
  });
}
