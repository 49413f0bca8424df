import { count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { deliveries } from '../../db/schema.js';
import type { Config } from './config.js';
import { createComposer } from './outbox/compose.js';
import { createSmtpMailer, type Mailer } from './outbox/mailer.js';
import { DeliveryWorker } from './outbox/worker.js';
import { publicBaseUrl } from './public-url.js';
import { readPageSettings } from './settings.js';
import { listen } from './signals.js';
import { startScheduler } from './scheduler/scheduler.js';
import { purgeUnconfirmed } from './use-cases/subscriptions.js';

export interface BackgroundOptions {
  readonly db: Db;
  readonly config: Config;
  /** Mailer to use instead of SMTP_URL's (tests, benchmarks). */
  readonly mailer?: Mailer;
  /** Pause when the outbox is empty, ms. */
  readonly idleMs?: number;
  readonly log?: (line: string) => void;
}

export interface Background {
  readonly worker: DeliveryWorker | null;
  /** Stops taking new work and waits for mails in flight. */
  stop(): Promise<void>;
}

const HOUR = 3_600_000;
/** How often due maintenance is started or completed, ms: a window opens at most this late. */
const SCHEDULER_INTERVAL_MS = 15_000;
/** SMTP socket silence we tolerate, ms; kept under half the lease so a stalled send gives up before its row is reclaimed. */
const socketTimeoutFor = (leaseMs: number): number => Math.min(30_000, Math.floor(leaseMs / 2));

/**
 * The work a server does besides answering requests: starting and completing scheduled
 * maintenance, draining the outbox and purging stale unconfirmed addresses. Everything is driven by the database, so a restart picks up exactly
 * where the last process stopped.
 */
export function startBackground(options: BackgroundOptions): Background {
  const { db, config } = options;
  const log = options.log ?? ((line: string) => console.error(line));
  const timers: NodeJS.Timeout[] = [];

  const purge = (): void => {
    try {
      const n = purgeUnconfirmed(db, Date.now());
      if (n > 0) log(`subscribers: purged ${n} unconfirmed address(es) older than 7 days`);
    } catch (e) {
      log(`subscribers: purge failed, will retry: ${(e as Error).message}`);
    }
  };
  purge();
  timers.push(setInterval(purge, HOUR).unref());
  const scheduler = startScheduler({
    db: () => db,
    intervalMs: SCHEDULER_INTERVAL_MS,
    now: Date.now,
    onTick: (r) => {
      for (const id of r.started) log(`maintenance ${id}: started on schedule`);
      for (const id of r.completed) log(`maintenance ${id}: completed on schedule`);
    },
  });

  const mailer = options.mailer ?? (config.smtpUrl ? createSmtpMailer({ url: config.smtpUrl, from: config.mailFrom, poolSize: config.mailPoolSize, socketTimeoutMs: socketTimeoutFor(config.outboxLeaseMs) }) : null);
  if (!mailer) {
    const pending = db.select({ n: count() }).from(deliveries).where(eq(deliveries.state, 'pending')).get()?.n ?? 0;
    log(`mail: SMTP_URL is not set; notifications are kept in the outbox (${pending} pending) and sent once it is.`);
    return {
      worker: null,
      stop: async () => {
        timers.forEach(clearInterval);
        scheduler.stop();
      },
    };
  }
  const baseUrl = (): string => publicBaseUrl(config.publicUrl, readPageSettings(db, Date.now()).url, config.listenUrl);
  const worker = new DeliveryWorker({
    db,
    mailer,
    compose: createComposer(db, baseUrl),
    concurrency: config.mailPoolSize,
    leaseMs: config.outboxLeaseMs,
    idleMs: options.idleMs ?? 1_000,
    log,
  });
  const unlisten = listen('outbox', () => worker.notify());
  worker.start();
  return {
    worker,
    async stop(): Promise<void> {
      timers.forEach(clearInterval);
      scheduler.stop();
      unlisten();
      await worker.stop();
      mailer.close();
    },
  };
}
