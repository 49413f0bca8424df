import type { Db } from '../../../db/client.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../core/delivery.js';
import { claimDue, markCancelled, markFailed, markSent, releaseClaims, type ClaimedDelivery } from './claim.js';
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
 * Drains the outbox: claims due rows with a lease, a pool's worth ahead of the sends, and sends
 * each. A send never runs inside a transaction.
 *
 * Crash bound: a mail's slot is freed only once its outcome is recorded, so mails sent but not
 * recorded plus mails in flight never exceed `concurrency` — a crash re-sends at most that many.
 * Outcomes that arrive in the same turn of the event loop are recorded in one transaction.
 * One worker per process; several processes may share a file.
 */
export class DeliveryWorker {
  readonly stats: WorkerStats = { sent: 0, retried: 0, failed: 0, quarantined: 0, cancelled: 0 };
  private readonly inFlight = new Set<Promise<void>>();
  /** Leased and waiting for a free slot, oldest first. At most `concurrency` long. */
  private queue: ClaimedDelivery[] = [];
  private sentBatch: { id: number; messageId: string }[] = [];
  private sentFlush: Promise<void> | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private freed: (() => void) | null = null;
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

  /** Stops claiming, waits for the mails in flight to be sent and recorded, and hands back the rest. */
  async stop(): Promise<void> {
    this.running = false;
    this.notify();
    await this.loop;
    await Promise.all(this.inFlight);
    const unsent = this.queue;
    this.queue = [];
    try {
      releaseClaims(this.options.db, unsent, this.now());
    } catch (e) {
      // Their leases lapse on their own; only the wait is lost.
      this.log(`outbox: could not release ${unsent.length} claimed deliveries: ${(e as Error).message}`);
    }
  }

  private async run(): Promise<void> {
    const { concurrency } = this.options;
    while (this.running) {
      // Hold up to two pools' worth, claimed a pool at a time: one transaction per `concurrency`
      // mails, and a queued row waits for at most one send before its own starts, well within its lease.
      const want = 2 * concurrency - this.inFlight.size - this.queue.length;
      if (want >= concurrency) this.queue.push(...this.claim(want));
      while (this.inFlight.size < concurrency && this.queue.length > 0) {
        const row = this.queue.shift()!;
        // Waited past its lease (a stalled relay): the row may be someone else's now.
        if (row.leaseUntil <= this.now()) continue;
        this.track(this.deliver(row));
      }
      if (this.inFlight.size > 0) await this.slotFreed();
      else if (this.queue.length === 0) await this.pause();
    }
  }

  private claim(limit: number): ClaimedDelivery[] {
    try {
      return claimDue(this.options.db, 'email', this.now(), limit, this.options.leaseMs);
    } catch (e) {
      // A busy or briefly unavailable database: try again after the pause, never crash the server.
      this.log(`outbox: could not claim deliveries: ${(e as Error).message}`);
      return [];
    }
  }

  private track(p: Promise<void>): void {
    const tracked = p.finally(() => {
      this.inFlight.delete(tracked);
      this.freed?.();
    });
    this.inFlight.add(tracked);
  }

  /**
   * Resolves when any send in flight ends. One waiter, instead of Promise.race over the set,
   * which would add a reaction to every pending send on every turn of the loop.
   */
  private slotFreed(): Promise<void> {
    return new Promise((resolve) => {
      this.freed = () => {
        this.freed = null;
        resolve();
      };
    });
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

  /** Records a sent mail together with the others sent in this turn of the event loop; resolves once committed. */
  private recordSent(id: number, messageId: string): Promise<void> {
    this.sentBatch.push({ id, messageId });
    this.sentFlush ??= new Promise<void>((resolve) =>
      setImmediate(() => {
        const batch = this.sentBatch;
        this.sentBatch = [];
        this.sentFlush = null;
        try {
          markSent(this.options.db, batch, this.now());
          this.stats.sent += batch.length;
        } catch (e) {
          // The leases lapse and these mails go again: a duplicate, never a loss.
          this.log(`outbox: could not record ${batch.length} sent deliveries, they will be retried: ${(e as Error).message}`);
        }
        resolve();
      }),
    );
    return this.sentFlush;
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
        await this.recordSent(row.id, composed.mail.messageId);
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
