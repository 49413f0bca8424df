import type { Db } from '../../../db/client.js';
import type { Config } from '../config.js';
import { publicBaseUrl } from '../public-url.js';
import { readPageSettings } from '../settings.js';
import { createComposer } from './compose.js';
import { startEndpointLanes, type EndpointLanes } from '../channels/lanes.js';
import { createSmtpMailer, type Mailer } from './mailer.js';
import { DeliveryWorker } from './worker.js';

export interface DeliveryService {
  /** The mail lane; null without a mailer (SMTP not configured): mail waits in the outbox. */
  readonly worker: DeliveryWorker | null;
  /** The webhook and chat lanes; they run whether or not mail is configured. */
  readonly lanes: EndpointLanes;
  /** New rows were written: every lane looks now. */
  notify(): void;
  /** Stops claiming, waits for the mails in flight, closes the transport. */
  stop(): Promise<void>;
}

/** SMTP socket silence we tolerate, ms; kept under half the lease so a stalled send gives up before its row is reclaimed. */
const socketTimeoutFor = (leaseMs: number): number => Math.min(30_000, Math.floor(leaseMs / 2));

/** The configured SMTP transport, or null when SMTP_URL is not set. */
export function configuredMailer(config: Config): Mailer | null {
  return config.smtpUrl ? createSmtpMailer({ url: config.smtpUrl, from: config.mailFrom, poolSize: config.mailPoolSize, socketTimeoutMs: socketTimeoutFor(config.outboxLeaseMs) }) : null;
}

/** Drains the outbox of `db` (mail through `mailer`, endpoints over HTTPS) until stopped; wherever it runs, it needs nothing else. */
export function startDeliveryService(options: { db: Db; config: Config; mailer: Mailer | null; idleMs?: number; log: (line: string) => void }): DeliveryService {
  const { db, config, mailer } = options;
  const baseUrl = (): string => publicBaseUrl(config.publicUrl, readPageSettings(db, Date.now()).url, config.listenUrl);
  const lanes = startEndpointLanes({ db, baseUrl, allowPrivate: config.outboundAllowPrivate, leaseMs: config.outboxLeaseMs, idleMs: options.idleMs, log: options.log });
  if (!mailer) {
    return { worker: null, lanes, notify: () => lanes.notify(), stop: () => lanes.stop() };
  }
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
    lanes,
    notify(): void {
      worker.notify();
      lanes.notify();
    },
    async stop(): Promise<void> {
      await Promise.all([worker.stop(), lanes.stop()]);
      mailer.close();
    },
  };
}
