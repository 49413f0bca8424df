import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SYSTEM } from '../../../src/server/audit.js';
import type { TickResult } from '../../../src/server/scheduler/maintenance-tick.js';
import { startScheduler, type Scheduler } from '../../../src/server/scheduler/scheduler.js';
import { scheduleMaintenance } from '../../../src/server/use-cases/maintenance.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, HOUR, MINUTE, page } from '../../helpers/fixtures.js';

const T0 = Date.UTC(2026, 10, 22, 2, 0);

let t: TempDatabase;
let scheduler: Scheduler | undefined;
let id: string;

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'UTC', T0 - HOUR);
  const dbc = component(t.db, 'db', 'Database', T0 - HOUR);
  id = scheduleMaintenance(
    t.db,
    { title: 'Upgrade', scheduledFor: T0 + MINUTE, scheduledUntil: T0 + 3 * MINUTE, componentIds: [dbc], message: 'Soon.', notify: false, autoStart: true, autoComplete: true },
    SYSTEM,
    'UTC',
    T0 - HOUR,
  ).id;
});
afterEach(() => {
  scheduler?.stop();
  scheduler = undefined;
  vi.useRealTimers();
  vi.restoreAllMocks();
  t.dispose();
});

describe('startScheduler', () => {
  it('ticks at once and then every interval, with the clock it is given, until stopped', () => {
    vi.useFakeTimers({ now: T0 });
    const results: TickResult[] = [];
    scheduler = startScheduler({ db: () => t.db, intervalMs: 30_000, now: () => Date.now(), onTick: (r) => results.push(r) });
    expect(results).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(results).toEqual([{ started: [], completed: [] }]);
    vi.advanceTimersByTime(60_000); // T0 + 1 min: the window opens
    expect(results.slice(1)).toEqual([
      { started: [], completed: [] },
      { started: [id], completed: [] },
    ]);
    vi.advanceTimersByTime(120_000); // T0 + 3 min: it closes
    expect(results.at(-1)).toEqual({ started: [], completed: [id] });
    const ticks = results.length;
    scheduler.stop();
    vi.advanceTimersByTime(10 * 60_000);
    expect(results).toHaveLength(ticks);
  });

  it('stopped before its first tick, it never ticks', () => {
    vi.useFakeTimers({ now: T0 });
    const onTick = vi.fn();
    scheduler = startScheduler({ db: () => t.db, intervalMs: 1_000, now: () => Date.now(), onTick });
    scheduler.stop();
    vi.advanceTimersByTime(5_000);
    expect(onTick).not.toHaveBeenCalled();
  });

  it('logs a failing tick and keeps going', () => {
    vi.useFakeTimers({ now: T0 });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    let broken = true;
    const onTick = vi.fn();
    scheduler = startScheduler({
      db: () => {
        if (broken) throw new Error('database is locked');
        return t.db;
      },
      intervalMs: 1_000,
      now: () => T0 + 2 * MINUTE,
      onTick,
    });
    vi.advanceTimersByTime(2_000);
    expect(onTick).not.toHaveBeenCalled();
    expect(logged).toHaveBeenCalledWith('scheduler: maintenance tick failed: database is locked');
    broken = false;
    vi.advanceTimersByTime(1_000);
    expect(onTick).toHaveBeenCalledWith({ started: [id], completed: [] });
  });

  it('survives an onTick that throws', () => {
    vi.useFakeTimers({ now: T0 });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const onTick = vi.fn(() => {
      throw new Error('listener broke');
    });
    scheduler = startScheduler({ db: () => t.db, intervalMs: 1_000, now: () => T0, onTick });
    vi.advanceTimersByTime(2_000);
    expect(onTick).toHaveBeenCalledTimes(3);
    expect(logged).toHaveBeenCalledWith('scheduler: maintenance tick failed: listener broke');
  });

  it('runs on real timers that do not keep the process alive', async () => {
    const timeouts = vi.spyOn(globalThis, 'setTimeout');
    const intervals = vi.spyOn(globalThis, 'setInterval');
    const results: TickResult[] = [];
    scheduler = startScheduler({ db: () => t.db, intervalMs: 10, now: () => T0 + 5 * MINUTE, onTick: (r) => results.push(r) });
    const timers = [...timeouts.mock.results, ...intervals.mock.results].map((r) => r.value as NodeJS.Timeout);
    expect(timers).toHaveLength(2);
    for (const timer of timers) expect(timer.hasRef()).toBe(false);
    await vi.waitFor(() => expect(results.length).toBeGreaterThanOrEqual(2));
    // A window already over when the scheduler starts is caught up by its first tick.
    expect(results[0]).toEqual({ started: [id], completed: [id] });
    scheduler.stop();
    const seen = results.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(results).toHaveLength(seen);
  });
});
