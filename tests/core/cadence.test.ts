import { describe, expect, it } from 'vitest';
import { CADENCE_MAX_MINUTES, DEFAULT_CADENCE, isOverdue, nextUpdateDue, parseCadence, serializeCadence, type Cadence } from '../../src/core/cadence.js';

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

describe('parseCadence', () => {
  it('gives the defaults when nothing is stored', () => {
    expect(parseCadence(null)).toEqual(DEFAULT_CADENCE);
  });

  it('reads a stored cadence, null meaning no fixed cadence', () => {
    expect(parseCadence('{"SEV1":15,"SEV2":45,"SEV3":null,"SEV4":1440}')).toEqual({ SEV1: 15, SEV2: 45, SEV3: null, SEV4: 1440 });
  });

  it.each(['not json', '', '[15,30]', '42', 'null', '"SEV1"'])('gives the defaults for stored text %j that is not an object', (stored) => {
    expect(parseCadence(stored)).toEqual(DEFAULT_CADENCE);
  });

  it('keeps the default for each severity whose entry is missing or malformed', () => {
    expect(parseCadence(`{"SEV1":0,"SEV2":"30","SEV3":2.5,"SEV4":${CADENCE_MAX_MINUTES + 1}}`)).toEqual(DEFAULT_CADENCE);
    expect(parseCadence('{"SEV2":10}')).toEqual({ ...DEFAULT_CADENCE, SEV2: 10 });
    expect(parseCadence(`{"SEV4":${CADENCE_MAX_MINUTES}}`)).toEqual({ ...DEFAULT_CADENCE, SEV4: CADENCE_MAX_MINUTES });
  });
});

describe('serializeCadence', () => {
  it('stores nothing (null) for the defaults, so later default changes apply', () => {
    expect(serializeCadence(DEFAULT_CADENCE)).toBeNull();
    expect(serializeCadence({ SEV1: 30, SEV2: 30, SEV3: 120, SEV4: null })).toBeNull();
  });

  it('round-trips a custom cadence through parseCadence', () => {
    const custom: Cadence = { SEV1: 10, SEV2: null, SEV3: 60, SEV4: 1440 };
    const stored = serializeCadence(custom);
    expect(stored).toBe('{"SEV1":10,"SEV2":null,"SEV3":60,"SEV4":1440}');
    expect(parseCadence(stored)).toEqual(custom);
  });
});
