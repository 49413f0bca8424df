import type { Db } from '../../../db/client.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../core/delivery.js';
import { claimDue, markCancelled, markFailed, markSent, type ClaimedDelivery } from './claim.js';
import type { Mailer, OutgoingMail } from './mailer.js';

/** A composed mail, or why the row needs no mail any more. */
export type Composed = { readonly mail: OutgoingMail } | { readonly skip: string };

export interface WorkerOptions {
  readonly db: Db;
  readonly mailer: Mailer;
  /** Builds the mail for a claimed row from the database as it is now. */
  readonly compose: (row: ClaimedDelivery, now: number) => Composed;
  /** Mails in flight at once (match the SMTP pool). */
  readonly concurrency: number;
  /** How long a claimed row stays ours, ms; longer than the slowest send. */
  readonly leaseMs: number;
  /** Pause when nothing is due, ms; `notify()` cuts it short. */
  readonly idleMs: number;
  readonly retry?: RetryPolicy;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly log?: (line: string) => void;
}

export interface WorkerStats {
  sent: number;
  retried: number;
  failed: number;
  quarantined: number;
  cancelled: number;
}

/**
 * Drains the outbox: claims due rows with a lease, sends each, and records the outcome as soon as
 * that one send ends — so a crash re-sends at most the mails that were in flight. A send
 * never runs inside a transaction. One worker per process; several processes may share a file.
 */
export class DeliveryWorker {
  readonly stats: WorkerStats = { sent: 0, retried: 0, failed: 0, quarantined: 0, cancelled: 0 };
  private readonly inFlight = new Set<Promise<void>>();
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly log: (line: string) => void;

  constructor(private readonly options: WorkerOptions) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.log = options.log ?? ((line) => console.error(line));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** New rows were written: look now instead of after the idle pause. */
  notify(): void {
    this.wake?.();
  }

  /** Stops claiming and waits for the mails in flight to be sent and recorded. */
  async stop(): Promise<void> {
    this.running = false;
    this.notify();
    await this.loop;
    await Promise.all(this.inFlight);
  }

  private async run(): Promise<void> {
    while (this.running) {
      const free = this.options.concurrency - this.inFlight.size;
      let claimed: ClaimedDelivery[] = [];
      if (free > 0) {
        try {
          claimed = claimDue(this.options.db, this.now(), free, this.options.leaseMs);
        } catch (e) {
          // A busy or briefly unavailable database: try again after the pause, never crash the server.
          this.log(`outbox: could not claim deliveries: ${(e as Error).message}`);
        }
      }
      for (const row of claimed) this.track(this.deliver(row));
      if (claimed.length > 0 && this.inFlight.size < this.options.concurrency) continue;
      if (this.inFlight.size > 0) await Promise.race(this.inFlight);
      else await this.pause();
    }
  }

  private track(p: Promise<void>): void {
    const tracked = p.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.options.idleMs);
      const self = this;
      function done(): void {
        clearTimeout(timer);
        self.wake = null;
        resolve();
      }
      this.wake = done;
    });
  }

  private async deliver(row: ClaimedDelivery): Promise<void> {
    const { db } = this.options;
    try {
      const composed = this.options.compose(row, this.now());
      if ('skip' in composed) {
        markCancelled(db, row.id, composed.skip, this.now());
        this.stats.cancelled++;
        return;
      }
      const result = await this.options.mailer.send(composed.mail);
      if (result.ok) {
        markSent(db, row.id, composed.mail.messageId, this.now());
        this.stats.sent++;
        return;
      }
      const outcome = markFailed(db, row, result.failure, result.error, this.now(), this.random(), this.options.retry ?? DEFAULT_RETRY_POLICY);
      if (outcome === 'retry') this.stats.retried++;
      else if (outcome === 'failed') this.stats.failed++;
      else this.stats.quarantined++;
      this.log(`outbox: delivery ${row.id} ${outcome} after attempt ${row.attempts}: ${result.error}`);
    } catch (e) {
      // Composing or recording failed (database busy?): the lease lapses and the row is tried again.
      this.log(`outbox: delivery ${row.id} left for retry: ${(e as Error).message}`);
    }
  }
}
