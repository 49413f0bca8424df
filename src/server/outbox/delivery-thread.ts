import type { Worker } from 'node:worker_threads';
import type { Config } from '../config.js';
import { tsWorker } from '../ts-worker.js';
import type { WorkerStats } from './worker.js';

export type ParentMessage = { readonly type: 'notify' } | { readonly type: 'stop' };
export type ThreadMessage = { readonly type: 'log'; readonly line: string } | { readonly type: 'stopped'; readonly stats: WorkerStats };

export interface DeliveryThread {
  /** New rows were written. */
  notify(): void;
  /** Lets the mails in flight finish, then ends the thread; resolves with what it did. */
  stop(): Promise<WorkerStats | null>;
}

export interface DeliveryThreadOptions {
  readonly config: Config;
  readonly idleMs?: number;
  readonly log: (line: string) => void;
  /** Pause before a thread that died is started again, ms. */
  readonly restartMs?: number;
}

/**
 * Runs the delivery worker on a thread of its own. In the server, SMTP round trips otherwise wait
 * their turn behind every page request on one event loop: under incident traffic mail slowed to a
 * third, exactly when it matters. The thread has its own connection to the same database file;
 * everything it does is recorded there, so a thread that dies loses nothing — it is started again
 * and picks up the leased rows once their leases lapse.
 */
export function startDeliveryThread(options: DeliveryThreadOptions): DeliveryThread {
  const { log } = options;
  let stopping = false;
  let stats: WorkerStats | null = null;
  let current: Worker;
  let exited: Promise<void>;

  const spawn = (): void => {
    const worker = tsWorker(new URL('./delivery-thread-main.ts', import.meta.url), { config: options.config, idleMs: options.idleMs });
    current = worker;
    worker.on('message', (message: ThreadMessage) => {
      if (message.type === 'log') log(message.line);
      else stats = message.stats;
    });
    worker.on('error', (e) => log(`outbox: the delivery thread failed: ${e.message}`));
    exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        resolve();
        if (stopping) return;
        log(`outbox: the delivery thread stopped (exit ${code}); starting it again in ${(options.restartMs ?? 5_000) / 1000} s`);
        setTimeout(() => stopping || spawn(), options.restartMs ?? 5_000).unref();
      }),
    );
  };
  spawn();

  return {
    notify(): void {
      current.postMessage({ type: 'notify' } satisfies ParentMessage);
    },
    async stop(): Promise<WorkerStats | null> {
      stopping = true;
      current.postMessage({ type: 'stop' } satisfies ParentMessage);
      await exited;
      return stats;
    },
  };
}
