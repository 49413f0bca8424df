/**
 * The delivery thread's entry (see delivery-thread.ts): its own database connection, SMTP pool
 * and event loop, driven by the parent's messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../../db/client.js';
import type { Config } from '../config.js';
import { configuredMailer, startDeliveryService } from './delivery-service.js';
import type { ThreadMessage, ParentMessage } from './delivery-thread.js';

const port = parentPort!;
const { config, idleMs } = workerData as { config: Config; idleMs?: number };
const post = (message: ThreadMessage): void => port.postMessage(message);
const log = (line: string): void => post({ type: 'log', line });

const handle = openDatabase(config.databasePath);
const mailer = configuredMailer(config);
const service = startDeliveryService({ db: handle.db, config, mailer, idleMs, log });

port.on('message', (message: ParentMessage) => {
  if (message.type === 'notify') service.notify();
  else
    void service.stop().then(() => {
      post({ type: 'stopped', stats: { ...(service.worker?.stats ?? { sent: 0, retried: 0, failed: 0, quarantined: 0, cancelled: 0 }) } });
      handle.close();
      port.close();
    });
});
