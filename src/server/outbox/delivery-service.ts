import type { Db } from '../../../db/client.js';
import type { Config } from '../config.js';
import { publicBaseUrl } from '../public-url.js';
import { readPageSettings } from '../settings.js';
import { createComposer } from './compose.js';
import { createSmtpMailer, type Mailer } from './mailer.js';
import { DeliveryWorker } from './worker.js';

export interface DeliveryService {
  readonly worker: DeliveryWorker;
  /** Stops claiming, waits for the mails in flight, closes the transport. */
  stop(): Promise<void>;
}

/** SMTP socket silence we tolerate, ms; kept under half the lease so a stalled send gives up before its row is reclaimed. */
const socketTimeoutFor = (leaseMs: number): number => Math.min(30_000, Math.floor(leaseMs / 2));

/** The configured SMTP transport, or null when SMTP_URL is not set. */
export function configuredMailer(config: Config): Mailer | null {
  return config.smtpUrl ? createSmtpMailer({ url: config.smtpUrl, from: config.mailFrom, poolSize: config.mailPoolSize, socketTimeoutMs: socketTimeoutFor(config.outboxLeaseMs) }) : null;
}

/** Drains the outbox of `db` through `mailer` until stopped; wherever it runs, it needs nothing else. */
export function startDeliveryService(options: { db: Db; config: Config; mailer: Mailer; idleMs?: number; log: (line: string) => void }): DeliveryService {
  const { db, config, mailer } = options;
  const baseUrl = (): string => publicBaseUrl(config.publicUrl, readPageSettings(db, Date.now()).url, config.listenUrl);
  const worker = new DeliveryWorker({
    db,
    mailer,
    compose: createComposer(db, baseUrl),
    concurrency: config.mailPoolSize,
    leaseMs: config.outboxLeaseMs,
    idleMs: options.idleMs ?? 1_000,
    log: options.log,
  });
  worker.start();
  return {
    worker,
    async stop(): Promise<void> {
      await worker.stop();
      mailer.close();
    },
  };
}
