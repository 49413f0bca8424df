import { describe, expect, it } from 'vitest';
import { automaticDisplayAt, dueSteps, ON_TIME_TOLERANCE_MS, type ScheduledWindow } from '../../src/core/maintenance-schedule.js';

const MIN = 60_000;
const FROM = Date.UTC(2026, 10, 22, 2, 0);
const UNTIL = FROM + 120 * MIN;
const w = (over: Partial<ScheduledWindow> = {}): ScheduledWindow => ({ status: 'scheduled', autoStart: true, autoComplete: true, scheduledFor: FROM, scheduledUntil: UNTIL, ...over });

describe('dueSteps', () => {
  it('does nothing before the window', () => {
    expect(dueSteps(w(), FROM - 1)).toEqual([]);
  });

  it('starts a scheduled window once its start has come (inclusive)', () => {
    expect(dueSteps(w(), FROM)).toEqual(['start']);
    expect(dueSteps(w(), UNTIL - 1)).toEqual(['start']);
  });

  it('starts and completes at once a window that has entirely passed', () => {
    expect(dueSteps(w(), UNTIL)).toEqual(['start', 'complete']);
    expect(dueSteps(w(), UNTIL + 24 * 60 * MIN)).toEqual(['start', 'complete']);
  });

  it('completes work in progress or being verified once the end has come', () => {
    expect(dueSteps(w({ status: 'in_progress' }), UNTIL - 1)).toEqual([]);
    expect(dueSteps(w({ status: 'in_progress' }), UNTIL)).toEqual(['complete']);
    expect(dueSteps(w({ status: 'verifying' }), UNTIL)).toEqual(['complete']);
  });

  it('leaves completed maintenance alone', () => {
    expect(dueSteps(w({ status: 'completed' }), UNTIL + MIN)).toEqual([]);
  });

  it('respects the flags: no start without auto start, no completion without auto complete', () => {
    expect(dueSteps(w({ autoStart: false }), FROM + MIN)).toEqual([]);
    // Nobody started it, so nobody can say it happened: a person completes it.
    expect(dueSteps(w({ autoStart: false }), UNTIL + MIN)).toEqual([]);
    expect(dueSteps(w({ autoComplete: false }), UNTIL + MIN)).toEqual(['start']);
    expect(dueSteps(w({ status: 'in_progress', autoComplete: false }), UNTIL + MIN)).toEqual([]);
    // Started by hand, completed by the scheduler.
    expect(dueSteps(w({ status: 'in_progress', autoStart: false }), UNTIL)).toEqual(['complete']);
  });
});

describe('automaticDisplayAt', () => {
  it('is the planned moment when the tick is on time (within the tolerance)', () => {
    expect(automaticDisplayAt(FROM, FROM, 0)).toBe(FROM);
    expect(automaticDisplayAt(FROM, FROM + 30_000, 0)).toBe(FROM);
    expect(automaticDisplayAt(FROM, FROM + ON_TIME_TOLERANCE_MS, 0)).toBe(FROM);
  });

  it('is now when later than that', () => {
    expect(automaticDisplayAt(FROM, FROM + ON_TIME_TOLERANCE_MS + 1, 0)).toBe(FROM + ON_TIME_TOLERANCE_MS + 1);
    expect(automaticDisplayAt(FROM, FROM + 6 * 60 * MIN, 0)).toBe(FROM + 6 * 60 * MIN);
  });

  it('never goes before the newest update, so the automatic one stays the newest', () => {
    expect(automaticDisplayAt(FROM, FROM + MIN, FROM + 30_000)).toBe(FROM + 30_000);
    expect(automaticDisplayAt(FROM, FROM + 60 * MIN, FROM + 90 * MIN)).toBe(FROM + 90 * MIN);
  });
});
