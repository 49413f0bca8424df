import { describe, expect, it } from 'vitest';
import { DEFAULT_CADENCE, isOverdue, nextUpdateDue, type Cadence } from '../../src/core/cadence.js';

const MINUTE = 60_000;
const T = Date.UTC(2026, 4, 13, 12, 0);

describe('DEFAULT_CADENCE', () => {
  it('asks for updates every 30 min on SEV1/SEV2, every 2 h on SEV3, and sets none for SEV4', () => {
    expect(DEFAULT_CADENCE).toEqual({ SEV1: 30, SEV2: 30, SEV3: 120, SEV4: null });
  });
});

describe('nextUpdateDue', () => {
  it.each([
    ['SEV1', 30],
    ['SEV2', 30],
    ['SEV3', 120],
  ] as const)('%s: the last update plus %i minutes', (severity, minutes) => {
    expect(nextUpdateDue(severity, T)).toBe(T + minutes * MINUTE);
  });

  it('is null for SEV4 and for an incident without severity', () => {
    expect(nextUpdateDue('SEV4', T)).toBeNull();
    expect(nextUpdateDue(null, T)).toBeNull();
  });

  it('uses a custom cadence when given', () => {
    const custom: Cadence = { SEV1: 15, SEV2: 60, SEV3: null, SEV4: 1440 };
    expect(nextUpdateDue('SEV1', T, custom)).toBe(T + 15 * MINUTE);
    expect(nextUpdateDue('SEV3', T, custom)).toBeNull();
    expect(nextUpdateDue('SEV4', T, custom)).toBe(T + 1440 * MINUTE);
  });
});

describe('isOverdue', () => {
  it('is false until the due moment has passed, true right after', () => {
    const due = T + 30 * MINUTE;
    expect(isOverdue(due, due - 1)).toBe(false);
    expect(isOverdue(due, due)).toBe(false);
    expect(isOverdue(due, due + 1)).toBe(true);
  });

  it('is never overdue without a cadence', () => {
    expect(isOverdue(null, T)).toBe(false);
    expect(isOverdue(null, Number.MAX_SAFE_INTEGER)).toBe(false);
  });
});
