import { count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { deliveries } from '../../db/schema.js';
import type { Config } from './config.js';
import { configuredMailer, startDeliveryService } from './outbox/delivery-service.js';
import { startDeliveryThread } from './outbox/delivery-thread.js';
import type { Mailer } from './outbox/mailer.js';
import type { DeliveryWorker } from './outbox/worker.js';
import { listen } from './signals.js';
import { startScheduler } from './scheduler/scheduler.js';
import { purgeUnconfirmed } from './use-cases/subscriptions.js';
import { startUpstreamPoller } from './upstream/poller.js';

export interface BackgroundOptions {
  readonly db: Db;
  readonly config: Config;
  /** Mailer to use instead of SMTP_URL's (tests, benchmarks). */
  readonly mailer?: Mailer;
  /** Pause when the outbox is empty, ms. */
  readonly idleMs?: number;
  /**
   * Where mail is sent from: this event loop, or a thread of its own (the server: page requests
   * and SMTP round trips then never wait for each other). A `mailer` always runs in-process.
   */
  readonly delivery?: 'in-process' | 'thread';
  readonly log?: (line: string) => void;
}

export interface Background {
  /** The in-process delivery worker; null without SMTP or when delivery runs on its own thread. */
  readonly worker: DeliveryWorker | null;
  /** Stops taking new work and waits for mails in flight. */
  stop(): Promise<void>;
}

const HOUR = 3_600_000;
/** How often due maintenance is started or completed, ms: a window opens at most this late. */
const SCHEDULER_INTERVAL_MS = 15_000;

/**
 * The work a server does besides answering requests: starting and completing scheduled
 * maintenance, checking heartbeats, polling followed upstream pages, draining the outbox (here or on a thread of its own) and purging stale unconfirmed
 * addresses. Everything is driven by the database, so a restart picks up exactly where the last
 * process stopped.
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
    onHeartbeatsMissed: (ids) => {
      for (const id of ids) log(`heartbeat ${id}: missed its period; its alert fired`);
    },
  });

  const upstream = startUpstreamPoller(db, { allowPrivate: config.outboundAllowPrivate, intervalMs: config.upstreamPollSeconds * 1000, now: Date.now, log });

  const stopOthers = (): void => {
    timers.forEach(clearInterval);
    scheduler.stop();
    upstream.stop();
  };
  if (!options.mailer && !config.smtpUrl) {
    const pending = db.select({ n: count() }).from(deliveries).where(eq(deliveries.state, 'pending')).get()?.n ?? 0;
    log(`mail: SMTP_URL is not set; mail is kept in the outbox (${pending} pending) and sent once it is. Webhook and chat subscribers are served.`);
  }
  // The lanes claim rows in write transactions that may wait out the busy timeout: on the server
  // they run on the delivery thread, with or without SMTP, so a held lock never stalls requests.
  if (!options.mailer && options.delivery === 'thread') {
    const thread = startDeliveryThread({ config, idleMs: options.idleMs, log });
    const unlisten = listen('outbox', () => thread.notify());
    return {
      worker: null,
      async stop(): Promise<void> {
        stopOthers();
        unlisten();
        await thread.stop();
      },
    };
  }
  const service = startDeliveryService({ db, config, mailer: options.mailer ?? configuredMailer(config), idleMs: options.idleMs, log });
  const unlisten = listen('outbox', () => service.notify());
  return {
    worker: service.worker,
    async stop(): Promise<void> {
      stopOthers();
      unlisten();
      await service.stop();
    },
  };
}
