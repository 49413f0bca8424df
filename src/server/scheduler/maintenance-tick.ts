import type { Db } from '../../../db/client.js';
import { dueMaintenanceIds } from '../read/maintenance.js';
import { advanceMaintenance } from '../use-cases/maintenance.js';

export interface TickResult {
  /** Ids of the maintenance started by this tick. */
  readonly started: string[];
  /** Ids of the maintenance completed by this tick (a window that passed unseen is in both lists). */
  readonly completed: string[];
}

/**
 * Starts and completes whatever maintenance is due at `now`, each in its own transaction.
 * Decided from the database alone, so it catches up after a restart and running it twice in a
 * row does nothing the second time. One maintenance that cannot be advanced is reported and
 * skipped: it must not hold up the others.
 */
export function runMaintenanceTick(db: Db, now: number): TickResult {
  const result: TickResult = { started: [], completed: [] };
  for (const id of dueMaintenanceIds(db, now)) {
    try {
      const steps = advanceMaintenance(db, id, now);
      if (steps.includes('start')) result.started.push(id);
      if (steps.includes('complete')) result.completed.push(id);
    } catch (e) {
      console.error(`scheduler: cannot advance maintenance ${id}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return result;
}
