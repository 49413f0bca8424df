import type { Db } from '../../../db/client.js';
import { watchTeamEvents } from '../team-channels/watch.js';
import { checkHeartbeats } from '../use-cases/heartbeats.js';
import { runMaintenanceTick, type TickResult } from './maintenance-tick.js';
import { repeatEvery } from './repeat.js';

export interface SchedulerOptions {
  /** The database, asked for at each tick (opened lazily by the server). */
  readonly db: () => Db;
  /** Time between ticks, ms. */
  readonly intervalMs: number;
  /** Epoch ms. */
  readonly now: () => number;
  readonly onTick?: (result: TickResult) => void;
  /** Ids of the heartbeats a tick found missed (their alerts fired). */
  readonly onHeartbeatsMissed?: (ids: readonly string[]) => void;
}

export interface Scheduler {
  stop(): void;
}

/**
 * Runs the maintenance tick, the heartbeat check and the team channels' overdue and mail checks at once (to catch up on what fell due while
 * stopped) and then every `intervalMs`, on unref'd timers. A failing tick is logged and the next
 * one tries again; it never throws into the event loop.
 */
export function startScheduler(options: SchedulerOptions): Scheduler {
  const tick = (): void => {
    try {
      const result = runMaintenanceTick(options.db(), options.now());
      options.onTick?.(result);
    } catch (e) {
      console.error(`scheduler: maintenance tick failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    try {
      const missed = checkHeartbeats(options.db(), options.now());
      if (missed.length > 0) options.onHeartbeatsMissed?.(missed);
    } catch (e) {
      console.error(`scheduler: heartbeat check failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    try {
      watchTeamEvents(options.db(), options.now());
    } catch (e) {
      console.error(`scheduler: team channel check failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return repeatEvery(options.intervalMs, tick);
}
