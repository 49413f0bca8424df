import type { Db } from '../../../db/client.js';
import type { ChannelKind } from '../../core/channel-kind.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, type SendFailure } from '../../core/delivery.js';
import { claimDue, markCancelled, markFailed, markSent, releaseClaims, type ClaimedDelivery } from './claim.js';
import type { Mailer, OutgoingMail } from './mailer.js';

/** A composed mail, or why the row needs no mail any more. */
export type Composed = { readonly mail: OutgoingMail } | { readonly skip: string };

/** What one attempt at a row came to: sent (with the id it went out under), not needed any more, or failed. */
export type Attempt<F extends string = SendFailure> = { readonly sent: string } | { readonly skip: string } | { readonly failure: F; readonly error: string };

export type FailureOutcome = 'retry' | 'failed' | 'quarantined';

interface CommonOptions {
  readonly db: Db;
  /** Messages in flight at once (match the SMTP pool for mail). */
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

/** The mail lane: a mailer and a composer. */
export interface WorkerOptions extends CommonOptions {
  readonly mailer: Mailer;
  /** Builds the mail for a claimed row from the database as it is now. */
  readonly compose: (row: ClaimedDelivery, now: number) => Composed;
}

/** Any lane: which channel's rows it claims, how it attempts one, and how a failure is recorded. */
export interface LaneOptions<F extends string = SendFailure> extends CommonOptions {
  readonly channel: ChannelKind;
  /** Never throws for a failed send; a throw leaves the row to its lease (a database hiccup). */
  readonly attempt: (row: ClaimedDelivery, now: number) => Promise<Attempt<F>>;
  /** Records a failed attempt in one transaction; `random` in [0, 1) is the jitter draw. */
  readonly recordFailure: (row: ClaimedDelivery, failure: F, error: string, now: number, random: number) => FailureOutcome;
  /** Called after each claim that leased rows: what `attempt` memoised for the previous batch is stale now. */
  readonly claimed?: () => void;
}

export interface WorkerStats {
  sent: number;
  retried: number;
  failed: number;
  quarantined: number;
  cancelled: number;
}

/**
 * Drains one channel of the outbox: claims due rows of that channel with a lease, a pool's worth
 * ahead of the sends, and sends each. A send never runs inside a transaction. Each channel has its
 * own lane (concurrency, timeout, retry policy), so a slow webhook never holds a mail's slot.
 *
 * Crash bound: a mail's slot is freed only once its outcome is recorded, so mails sent but not
 * recorded plus mails in flight never exceed `concurrency` — a crash re-sends at most that many.
 * Outcomes that arrive in the same turn of the event loop are recorded in one transaction.
 * One worker per process; several processes may share a file.
 */
export class LaneWorker<F extends string = SendFailure> {
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

  constructor(private readonly options: LaneOptions<F>) {
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
      if (want >= concurrency) {
        const rows = this.claim(want);
        if (rows.length > 0) this.options.claimed?.();
        this.queue.push(...rows);
      }
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
      return claimDue(this.options.db, this.options.channel, this.now(), limit, this.options.leaseMs);
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

  /** Records a sent message together with the others sent in this turn of the event loop; resolves once committed. */
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
      const attempt = await this.options.attempt(row, this.now());
      if ('skip' in attempt) {
        markCancelled(db, row.id, attempt.skip, this.now());
        this.stats.cancelled++;
        return;
      }
      if ('sent' in attempt) {
        await this.recordSent(row.id, attempt.sent);
        return;
      }
      const outcome = this.options.recordFailure(row, attempt.failure, attempt.error, this.now(), this.random());
      if (outcome === 'retry') this.stats.retried++;
      else if (outcome === 'failed') this.stats.failed++;
      else this.stats.quarantined++;
      this.log(`outbox: delivery ${row.id} (${this.options.channel}) ${outcome} after attempt ${row.attempts}: ${attempt.error}`);
    } catch (e) {
      // Composing or recording failed (database busy?): the lease lapses and the row is tried again.
      this.log(`outbox: delivery ${row.id} (${this.options.channel}) left for retry: ${(e as Error).message}`);
    }
  }
}

/** The mail lane: composes each row from the database as it is now and hands it to the SMTP pool. */
export class DeliveryWorker extends LaneWorker {
  constructor(options: WorkerOptions) {
    const { mailer, compose, ...common } = options;
    const policy = options.retry ?? DEFAULT_RETRY_POLICY;
    super({
      ...common,
      channel: 'email',
      async attempt(row, now): Promise<Attempt> {
        const composed = compose(row, now);
        if ('skip' in composed) return composed;
        const result = await mailer.send(composed.mail);
        return result.ok ? { sent: composed.mail.messageId } : { failure: result.failure, error: result.error };
      },
      recordFailure: (row, failure, error, now, random) => markFailed(options.db, row, failure, error, now, random, policy),
    });
  }
}
