import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatDuration } from '../../core/format.js';

/**
 * What the publisher did last, kept in a small JSON file beside the database: the server's main
 * thread writes it, /health, /metrics and the dashboard (on the site's thread) read it, and a
 * restarted server still knows when the bucket was last brought up to date.
 */
export interface PublishStatus {
  /** The configured address, `s3://bucket/prefix`. */
  readonly target: string;
  /** Epoch ms each; null when never. */
  readonly lastSuccessAt: number | null;
  readonly lastAttemptAt: number | null;
  /** Since when content has waited to be published; null when the bucket is up to date. */
  readonly pendingSince: number | null;
  /** Failed attempts, all time (a counter for /metrics), and in a row now. */
  readonly failures: number;
  readonly consecutiveFailures: number;
  readonly lastError: string | null;
  readonly lastErrorAt: number | null;
  /** Set while publishing is refused (a private page): the sentence saying why. */
  readonly refused: string | null;
  readonly lastUploaded: number;
  readonly lastDeleted: number;
}

export const publishStatusPath = (databasePath: string): string => join(dirname(databasePath), 'publish-status.json');

export function initialStatus(target: string): PublishStatus {
  return { target, lastSuccessAt: null, lastAttemptAt: null, pendingSince: null, failures: 0, consecutiveFailures: 0, lastError: null, lastErrorAt: null, refused: null, lastUploaded: 0, lastDeleted: 0 };
}

/** The file's status, or null when there is none (or it is not one). */
export function readPublishStatus(file: string): PublishStatus | null {
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as PublishStatus;
    return typeof s.target === 'string' && typeof s.failures === 'number' ? s : null;
  } catch {
    return null;
  }
}

/** Written beside and renamed over: a reader never sees half a file. */
export function writePublishStatus(file: string, status: PublishStatus): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(status, null, 2));
  renameSync(temporary, file);
}

export interface PublishVerdict {
  /** False when changes have waited longer than allowed: the published copy is stale. */
  readonly ok: boolean;
  readonly stale: boolean;
  /** The last attempt failed (it may still be within the allowance). */
  readonly failing: boolean;
  readonly detail: string;
}

const ago = (ms: number): string => (ms < 60_000 ? `${Math.round(ms / 1000)} s` : formatDuration(ms));

/** The verdict /health and the dashboard give; `staleMs` is PUBLISH_STALE_SECONDS in ms. */
export function publishVerdict(status: PublishStatus | null, now: number, staleMs: number): PublishVerdict {
  if (!status) return { ok: true, stale: false, failing: false, detail: 'Nothing published yet: the first publish is under way.' };
  if (status.refused) return { ok: true, stale: false, failing: false, detail: status.refused };
  const last = status.lastSuccessAt === null ? 'never published' : `last published ${ago(Math.max(0, now - status.lastSuccessAt))} ago`;
  const waited = status.pendingSince === null ? 0 : Math.max(0, now - status.pendingSince);
  const stale = status.pendingSince !== null && waited > staleMs;
  const failing = status.consecutiveFailures > 0;
  const error = failing && status.lastError ? ` The last ${status.consecutiveFailures === 1 ? 'attempt' : `${status.consecutiveFailures} attempts`} failed: ${status.lastError}` : '';
  const detail = stale
    ? `The copy in ${status.target} is stale: changes have waited ${ago(waited)} (${last}).${error}`
    : `${status.target}: ${last}${status.pendingSince === null ? ', up to date' : ', a change is being published'}; ${status.failures} failed attempt${status.failures === 1 ? '' : 's'} so far.${error}`;
  return { ok: !stale, stale, failing, detail };
}
