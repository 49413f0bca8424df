import { describe, expect, it } from 'vitest';
import { pastTimelineProblems, type PastStep } from '../../src/core/backfill.js';

const MIN = 60_000;
const NOW = Date.UTC(2026, 10, 22, 14, 0);
const START = NOW - 3 * 60 * MIN;

const step = (status: PastStep['status'], minutesAfterStart: number): PastStep => ({ status, at: START + minutesAfterStart * MIN });

describe('pastTimelineProblems', () => {
  it('accepts investigating → resolved, and every forward path ending resolved', () => {
    expect(pastTimelineProblems(START, [step('investigating', 0), step('resolved', 60)], NOW, 'UTC')).toEqual([]);
    expect(pastTimelineProblems(START, [step('investigating', 5), step('identified', 20), step('monitoring', 40), step('resolved', 90)], NOW, 'UTC')).toEqual([]);
    expect(pastTimelineProblems(START, [step('resolved', 30)], NOW, 'UTC')).toEqual([]);
  });

  it('accepts the one step back the lifecycle allows (monitoring → investigating) and updates at the same minute', () => {
    expect(pastTimelineProblems(START, [step('monitoring', 0), step('investigating', 10), step('resolved', 10)], NOW, 'UTC')).toEqual([]);
  });

  it('accepts times up to now, inclusive', () => {
    expect(pastTimelineProblems(START, [step('investigating', 0), { status: 'resolved', at: NOW }], NOW, 'UTC')).toEqual([]);
  });

  it('refuses a start in the future', () => {
    expect(pastTimelineProblems(NOW + MIN, [{ status: 'resolved', at: NOW + MIN }], NOW, 'UTC')).toEqual([
      { target: 'startedAt', message: 'The start is in the future; a past incident must already have happened.' },
      { target: 'at', step: 0, message: 'This time is in the future; every update of a past incident must already have happened.' },
    ]);
  });

  it('refuses an empty timeline', () => {
    expect(pastTimelineProblems(START, [], NOW, 'UTC')).toEqual([
      { target: 'steps', message: 'Add the updates customers saw, ending with the one that resolved it.' },
    ]);
  });

  it('refuses a first update before the start, quoting the start in the page zone', () => {
    expect(pastTimelineProblems(START, [step('investigating', -1), step('resolved', 60)], NOW, 'America/New_York')).toEqual([
      { target: 'at', step: 0, message: 'The first update cannot come before the incident started (Nov 22, 2026, 06:00 EST).' },
    ]);
  });

  it('refuses updates out of order', () => {
    expect(pastTimelineProblems(START, [step('investigating', 30), step('identified', 20), step('resolved', 60)], NOW, 'UTC')).toEqual([
      { target: 'at', step: 1, message: 'Updates must be in order: this one is before the previous update (Nov 22, 2026, 11:30 UTC).' },
    ]);
  });

  it('refuses a step back the lifecycle forbids, with the lifecycle reason', () => {
    expect(pastTimelineProblems(START, [step('identified', 0), step('investigating', 10), step('resolved', 60)], NOW, 'UTC')).toEqual([
      { target: 'status', step: 1, message: 'An incident cannot go back from Identified to Investigating; only Monitoring may step back.' },
    ]);
  });

  it('refuses a timeline that does not end resolved, or that goes on after the resolution', () => {
    expect(pastTimelineProblems(START, [step('investigating', 0), step('monitoring', 60)], NOW, 'UTC')).toEqual([
      { target: 'status', step: 1, message: 'A past incident must end with a Resolved update.' },
    ]);
    expect(pastTimelineProblems(START, [step('resolved', 0), step('monitoring', 60)], NOW, 'UTC')).toEqual([
      { target: 'status', step: 1, message: 'This incident is resolved; it cannot go back to Monitoring. Open a new incident if the problem is back.' },
      { target: 'status', step: 1, message: 'A past incident must end with a Resolved update.' },
    ]);
  });

  it('refuses the postmortem status on an update', () => {
    expect(pastTimelineProblems(START, [step('investigating', 0), step('resolved', 30), step('postmortem', 40)], NOW, 'UTC')).toContainEqual({
      target: 'status',
      step: 2,
      message: 'Publish a postmortem once the incident is recorded; an update cannot carry that status.',
    });
  });
});
