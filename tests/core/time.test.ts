import { describe, expect, it } from 'vitest';
import {
  MS_PER_DAY,
  addDays,
  addMonths,
  dayKeyOf,
  instantOfLocal,
  isDayKey,
  isValidTimeZone,
  localDateTimeOf,
  monthKeyOf,
  startOfDay,
  zoneOffsetMs,
} from '../../src/core/time.js';

const H = 3_600_000;
const MIN = 60_000;
const t = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad fixture ${iso}`);
  return ms;
};

const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';
const KOLKATA = 'Asia/Kolkata';
const KATHMANDU = 'Asia/Kathmandu';

/**
 * Reads the wall clock straight from Intl (independently of src/core) so that cases that
 * depend on the runtime's tz data can check the data before relying on it.
 */
function wall(epochMs: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(epochMs);
}

function zoneHasData(checks: readonly [iso: string, expectedWall: string][], timeZone: string): boolean {
  try {
    return checks.every(([iso, w]) => wall(t(iso), timeZone) === w);
  } catch {
    return false;
  }
}

// Chile: DST begins on the first Sunday of September at 24:00 Saturday, so 2026-09-06 00:00
// does not exist: 23:59:59 -04 is followed by 01:00 -03 (04:00Z).
const SANTIAGO_SKIPS_MIDNIGHT = zoneHasData(
  [
    ['2026-09-06T03:59:00Z', '09/05/2026, 23:59'],
    ['2026-09-06T04:00:00Z', '09/06/2026, 01:00'],
  ],
  'America/Santiago',
);
// Cuba: DST begins on the second Sunday of March at 00:00 → 01:00 (05:00Z) and ends on the
// first Sunday of November at 01:00 → 00:00 (05:00Z), so 2026-11-01 has two midnights' worth of hour.
const HAVANA_SKIPS_MIDNIGHT = zoneHasData(
  [
    ['2026-03-08T04:59:00Z', '03/07/2026, 23:59'],
    ['2026-03-08T05:00:00Z', '03/08/2026, 01:00'],
  ],
  'America/Havana',
);
const HAVANA_REPEATS_MIDNIGHT_HOUR = zoneHasData(
  [
    ['2026-11-01T04:00:00Z', '11/01/2026, 00:00'],
    ['2026-11-01T05:00:00Z', '11/01/2026, 00:00'],
  ],
  'America/Havana',
);
// Jordan (until 2022): DST ended on the last Friday of October at 01:00 +03 → 00:00 +02, so
// local midnight of 2021-10-29 happened twice: 21:00Z (+03) and 22:00Z (+02).
const AMMAN_REPEATS_MIDNIGHT_2021 = zoneHasData(
  [
    ['2021-10-28T20:59:00Z', '10/28/2021, 23:59'],
    ['2021-10-28T21:00:00Z', '10/29/2021, 00:00'],
    ['2021-10-28T21:59:00Z', '10/29/2021, 00:59'],
    ['2021-10-28T22:00:00Z', '10/29/2021, 00:00'],
  ],
  'Asia/Amman',
);

describe('MS_PER_DAY', () => {
  it('is 24 h', () => expect(MS_PER_DAY).toBe(24 * H));
});

describe('isValidTimeZone', () => {
  it.each(['UTC', NY, BERLIN, KOLKATA, KATHMANDU, 'America/Santiago', 'Etc/GMT+5', 'Australia/Lord_Howe'])(
    'accepts %s',
    (tz) => expect(isValidTimeZone(tz)).toBe(true),
  );
  it.each(['', 'Mars/Olympus_Mons', 'America/New York', 'America/NewYork', 'garbage', 'Europe/', '/'])(
    'rejects %j',
    (tz) => expect(isValidTimeZone(tz)).toBe(false),
  );
});

describe('zoneOffsetMs', () => {
  it.each<[string, string, number]>([
    ['2026-05-13T18:16:07.149Z', 'UTC', 0],
    ['2026-01-15T12:00:00.000Z', 'UTC', 0],
    ['2026-05-13T18:16:07.149Z', NY, -4 * H],
    ['2026-01-15T12:00:00.000Z', NY, -5 * H],
    ['2026-05-13T18:16:07.149Z', BERLIN, 2 * H],
    ['2026-01-15T12:00:00.000Z', BERLIN, 1 * H],
    ['2026-05-13T18:16:07.149Z', KOLKATA, 5 * H + 30 * MIN],
    ['2026-01-15T12:00:00.000Z', KOLKATA, 5 * H + 30 * MIN],
    ['2026-05-13T18:16:07.149Z', KATHMANDU, 5 * H + 45 * MIN],
    ['2026-01-15T12:00:00.000Z', 'America/St_Johns', -(3 * H + 30 * MIN)],
    ['2026-07-15T12:00:00.000Z', 'America/St_Johns', -(2 * H + 30 * MIN)],
    ['2026-01-15T12:00:00.000Z', 'Pacific/Chatham', 13 * H + 45 * MIN],
    ['2026-01-15T12:00:00.000Z', 'Etc/GMT+5', -5 * H], // POSIX sign: GMT+5 is UTC−5
    // NY spring forward: 02:00 EST (07:00Z) becomes 03:00 EDT.
    ['2026-03-08T06:59:59.999Z', NY, -5 * H],
    ['2026-03-08T07:00:00.000Z', NY, -4 * H],
    // NY fall back: 02:00 EDT (06:00Z) becomes 01:00 EST.
    ['2026-11-01T05:59:59.999Z', NY, -4 * H],
    ['2026-11-01T06:00:00.000Z', NY, -5 * H],
    // Berlin: 02:00 CET (01:00Z) → 03:00 CEST; 03:00 CEST (01:00Z) → 02:00 CET.
    ['2026-03-29T00:59:59.999Z', BERLIN, 1 * H],
    ['2026-03-29T01:00:00.000Z', BERLIN, 2 * H],
    ['2026-10-25T00:59:59.999Z', BERLIN, 2 * H],
    ['2026-10-25T01:00:00.000Z', BERLIN, 1 * H],
    // Before the epoch, with a sub-second part.
    ['1969-12-31T23:59:59.999Z', 'UTC', 0],
    ['1969-12-31T23:59:58.500Z', KOLKATA, 5 * H + 30 * MIN],
  ])('%s in %s → %d ms', (iso, tz, offset) => {
    expect(zoneOffsetMs(t(iso), tz)).toBe(offset);
  });
});

describe('dayKeyOf', () => {
  it.each<[string, string, string]>([
    ['2026-05-13T00:00:00.000Z', 'UTC', '2026-05-13'],
    ['2026-05-13T23:59:59.999Z', 'UTC', '2026-05-13'],
    ['2026-05-14T00:00:00.000Z', 'UTC', '2026-05-14'],
    ['2026-05-13T03:59:59.999Z', NY, '2026-05-12'],
    ['2026-05-13T04:00:00.000Z', NY, '2026-05-13'],
    ['2026-01-01T04:59:59.999Z', NY, '2025-12-31'],
    ['2026-01-01T05:00:00.000Z', NY, '2026-01-01'],
    ['2026-05-12T18:29:59.999Z', KOLKATA, '2026-05-12'],
    ['2026-05-12T18:30:00.000Z', KOLKATA, '2026-05-13'],
    ['2026-05-12T18:14:59.999Z', KATHMANDU, '2026-05-12'],
    ['2026-05-12T18:15:00.000Z', KATHMANDU, '2026-05-13'],
    ['2025-12-31T22:59:59.999Z', BERLIN, '2025-12-31'],
    ['2025-12-31T23:00:00.000Z', BERLIN, '2026-01-01'],
    ['2024-02-29T12:00:00.000Z', 'UTC', '2024-02-29'],
    ['1969-12-31T23:59:59.999Z', 'UTC', '1969-12-31'],
    // The 23-hour and 25-hour NY days.
    ['2026-03-08T05:00:00.000Z', NY, '2026-03-08'],
    ['2026-03-09T03:59:59.999Z', NY, '2026-03-08'],
    ['2026-03-09T04:00:00.000Z', NY, '2026-03-09'],
    ['2026-11-01T04:00:00.000Z', NY, '2026-11-01'],
    ['2026-11-02T04:59:59.999Z', NY, '2026-11-01'],
    ['2026-11-02T05:00:00.000Z', NY, '2026-11-02'],
  ])('%s in %s → %s', (iso, tz, day) => {
    expect(dayKeyOf(t(iso), tz)).toBe(day);
  });
});

describe('monthKeyOf', () => {
  it.each<[string, string, string]>([
    ['2026-05-31T23:59:59.999Z', 'UTC', '2026-05'],
    ['2026-06-01T00:00:00.000Z', 'UTC', '2026-06'],
    ['2026-06-01T03:59:59.999Z', NY, '2026-05'],
    ['2026-06-01T04:00:00.000Z', NY, '2026-06'],
    ['2026-01-01T04:59:59.999Z', NY, '2025-12'],
    ['2025-12-31T18:30:00.000Z', KOLKATA, '2026-01'],
    ['2025-12-31T18:29:59.999Z', KOLKATA, '2025-12'],
  ])('%s in %s → %s', (iso, tz, month) => {
    expect(monthKeyOf(t(iso), tz)).toBe(month);
  });
});

describe('isDayKey', () => {
  it.each(['2026-05-13', '2026-01-01', '2026-12-31', '2024-02-29', '2000-02-29', '2026-02-28', '2026-04-30', '1970-01-01'])(
    'accepts %s',
    (v) => expect(isDayKey(v)).toBe(true),
  );
  it.each([
    ['Feb 29 in a common year', '2026-02-29'],
    ['Feb 30', '2026-02-30'],
    ['Feb 29 in 1900 (not a leap year)', '1900-02-29'],
    ['Apr 31', '2026-04-31'],
    ['month 13', '2026-13-01'],
    ['month 00', '2026-00-10'],
    ['day 00', '2026-01-00'],
    ['day 32', '2026-01-32'],
    ['unpadded month', '2026-5-13'],
    ['unpadded day', '2026-05-3'],
    ['two-digit year', '26-05-13'],
    ['slashes', '2026/05/13'],
    ['compact', '20260513'],
    ['with a time', '2026-05-13T00:00'],
    ['leading space', ' 2026-05-13'],
    ['trailing newline', '2026-05-13\n'],
    ['empty', ''],
    ['a month key', '2026-05'],
  ])('rejects %s (%j)', (_n, v) => expect(isDayKey(v)).toBe(false));
});

describe('addDays', () => {
  it.each<[string, number, string]>([
    ['2026-05-13', 0, '2026-05-13'],
    ['2026-05-13', 1, '2026-05-14'],
    ['2026-05-13', -1, '2026-05-12'],
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2028-02-29', 1, '2028-03-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['1900-02-28', 1, '1900-03-01'],
    ['2000-02-28', 1, '2000-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2026-01-31', 30, '2026-03-02'],
    ['2026-05-13', -89, '2026-02-13'],
    ['2026-05-13', -90, '2026-02-12'],
    ['2024-02-29', 365, '2025-02-28'],
    ['2024-01-01', 366, '2025-01-01'],
    ['2026-01-01', 365, '2027-01-01'],
    // DST days are ordinary calendar days: arithmetic is zone-independent.
    ['2026-03-07', 1, '2026-03-08'],
    ['2026-03-08', 1, '2026-03-09'],
    ['2026-11-01', -1, '2026-10-31'],
  ])('addDays(%s, %d) = %s', (day, n, expected) => {
    expect(addDays(day, n)).toBe(expected);
  });

  it('is inverted by the opposite step across a whole leap year', () => {
    let d = '2028-01-01';
    for (let i = 0; i < 366; i++) {
      const next = addDays(d, 1);
      expect(isDayKey(next)).toBe(true);
      expect(next > d).toBe(true);
      expect(addDays(next, -1)).toBe(d);
      d = next;
    }
    expect(d).toBe('2029-01-01');
  });
});

describe('addMonths', () => {
  it.each<[string, number, string]>([
    ['2026-05', 0, '2026-05'],
    ['2026-05', 1, '2026-06'],
    ['2026-05', -1, '2026-04'],
    ['2026-12', 1, '2027-01'],
    ['2026-01', -1, '2025-12'],
    ['2026-01', -13, '2024-12'],
    ['2026-05', -17, '2024-12'],
    ['2026-05', 24, '2028-05'],
    ['2026-11', 14, '2028-01'],
  ])('addMonths(%s, %d) = %s', (month, n, expected) => {
    expect(addMonths(month, n)).toBe(expected);
  });
});

describe('startOfDay', () => {
  it.each<[string, string, string]>([
    ['2026-05-13', 'UTC', '2026-05-13T00:00:00.000Z'],
    ['2026-01-01', 'UTC', '2026-01-01T00:00:00.000Z'],
    ['2026-05-13', NY, '2026-05-13T04:00:00.000Z'],
    ['2026-01-15', NY, '2026-01-15T05:00:00.000Z'],
    ['2026-03-08', NY, '2026-03-08T05:00:00.000Z'], // midnight EST; the jump is at 02:00
    ['2026-03-09', NY, '2026-03-09T04:00:00.000Z'], // midnight EDT
    ['2026-11-01', NY, '2026-11-01T04:00:00.000Z'], // midnight EDT
    ['2026-11-02', NY, '2026-11-02T05:00:00.000Z'], // midnight EST
    ['2026-03-29', BERLIN, '2026-03-28T23:00:00.000Z'],
    ['2026-03-30', BERLIN, '2026-03-29T22:00:00.000Z'],
    ['2026-10-25', BERLIN, '2026-10-24T22:00:00.000Z'],
    ['2026-10-26', BERLIN, '2026-10-25T23:00:00.000Z'],
    ['2026-01-01', BERLIN, '2025-12-31T23:00:00.000Z'],
    ['2026-05-13', KOLKATA, '2026-05-12T18:30:00.000Z'],
    ['2026-05-13', KATHMANDU, '2026-05-12T18:15:00.000Z'],
    ['2026-01-16', 'Pacific/Chatham', '2026-01-15T10:15:00.000Z'],
    ['2026-01-15', 'America/St_Johns', '2026-01-15T03:30:00.000Z'],
  ])('%s in %s begins at %s', (day, tz, iso) => {
    expect(startOfDay(day, tz)).toBe(t(iso));
  });

  it.each<[string, string, number]>([
    ['2026-03-08', NY, 23],
    ['2026-03-07', NY, 24],
    ['2026-03-09', NY, 24],
    ['2026-11-01', NY, 25],
    ['2026-10-31', NY, 24],
    ['2026-11-02', NY, 24],
    ['2026-03-29', BERLIN, 23],
    ['2026-10-25', BERLIN, 25],
    ['2026-05-13', BERLIN, 24],
    ['2026-03-08', 'UTC', 24],
    ['2026-05-13', KOLKATA, 24],
    ['2026-05-13', KATHMANDU, 24],
  ])('%s in %s lasts %d h', (day, tz, hours) => {
    expect(startOfDay(addDays(day, 1), tz) - startOfDay(day, tz)).toBe(hours * H);
  });

  // Invariant, independent of any hand-computed instant: the start belongs to the day and
  // the instant just before it belongs to the previous day.
  describe.each(['UTC', NY, BERLIN, KOLKATA, KATHMANDU, 'America/Santiago', 'Australia/Lord_Howe', 'Pacific/Chatham'])(
    'every day of 2026 in %s',
    (tz) => {
      it('starts at the first instant of that day', () => {
        let d = '2026-01-01';
        for (let i = 0; i < 365; i++) {
          const s = startOfDay(d, tz);
          expect(dayKeyOf(s, tz), d).toBe(d);
          expect(dayKeyOf(s - 1, tz), d).toBe(addDays(d, -1));
          d = addDays(d, 1);
        }
      });
    },
  );

  // The same invariant for years in which zones skip or repeat their midnight hour.
  describe.each<[string, number]>([
    ['Asia/Amman', 2021],
    ['America/Havana', 2026],
    ['Asia/Beirut', 2026],
    ['Africa/Cairo', 2026],
    ['America/Asuncion', 2024],
  ])('every day in %s in %d', (tz, year) => {
    it('starts at the first instant of that day', () => {
      let d = `${year}-01-01`;
      while (d < `${year + 1}-01-01`) {
        const s = startOfDay(d, tz);
        expect(dayKeyOf(s, tz), d).toBe(d);
        expect(dayKeyOf(s - 1, tz), d).toBe(addDays(d, -1));
        d = addDays(d, 1);
      }
    });
  });

  it.runIf(SANTIAGO_SKIPS_MIDNIGHT)(
    'America/Santiago 2026-09-06: midnight is skipped, the day begins at 01:00 -03 and lasts 23 h',
    () => {
      const s = startOfDay('2026-09-06', 'America/Santiago');
      expect(s).toBe(t('2026-09-06T04:00:00.000Z'));
      expect(dayKeyOf(s - 1, 'America/Santiago')).toBe('2026-09-05');
      expect(startOfDay('2026-09-07', 'America/Santiago') - s).toBe(23 * H);
      // The previous day ends where this one begins: 24 h long.
      expect(s - startOfDay('2026-09-05', 'America/Santiago')).toBe(24 * H);
    },
  );

  it.runIf(HAVANA_SKIPS_MIDNIGHT)('America/Havana 2026-03-08: midnight is skipped, the day begins at 01:00 -04', () => {
    const s = startOfDay('2026-03-08', 'America/Havana');
    expect(s).toBe(t('2026-03-08T05:00:00.000Z'));
    expect(startOfDay('2026-03-09', 'America/Havana') - s).toBe(23 * H);
  });

  it.runIf(HAVANA_REPEATS_MIDNIGHT_HOUR)(
    'America/Havana 2026-11-01: the 00:00–01:00 hour repeats; the day begins at the first midnight and lasts 25 h',
    () => {
      const s = startOfDay('2026-11-01', 'America/Havana');
      expect(s).toBe(t('2026-11-01T04:00:00.000Z'));
      expect(startOfDay('2026-11-02', 'America/Havana') - s).toBe(25 * H);
    },
  );

  // Regression (found while writing these tests; src/core/time.ts startOfDay): in a zone east
  // of UTC whose clocks fall back from 01:00 to 00:00, local midnight happens twice and the
  // old two-step refinement returned the second one, giving the first hour of the day to the
  // previous day. Jordan did this every October until 2022; the runtime's data has other
  // examples (Africa/Tunis 1988–90, Antarctica/Casey 2023-03-09).
  it.runIf(AMMAN_REPEATS_MIDNIGHT_2021)(
    'Asia/Amman 2021-10-29: midnight happens twice; the day begins at the first (21:00Z), lasting 25 h',
    () => {
      const s = startOfDay('2021-10-29', 'Asia/Amman');
      expect(new Date(s).toISOString()).toBe('2021-10-28T21:00:00.000Z');
      expect(dayKeyOf(s - 1, 'Asia/Amman')).toBe('2021-10-28');
      expect(startOfDay('2021-10-30', 'Asia/Amman') - s).toBe(25 * H);
      expect(s - startOfDay('2021-10-28', 'Asia/Amman')).toBe(24 * H);
    },
  );
});

describe('localDateTimeOf', () => {
  it('gives the wall clock in the zone as a datetime-local value', () => {
    expect(localDateTimeOf(t('2026-11-22T14:05:59Z'), 'UTC')).toBe('2026-11-22T14:05');
    expect(localDateTimeOf(t('2026-11-22T14:05:00Z'), NY)).toBe('2026-11-22T09:05');
    expect(localDateTimeOf(t('2026-05-12T18:45:00Z'), KATHMANDU)).toBe('2026-05-13T00:30');
  });
});

describe('instantOfLocal', () => {
  it.each<[string, string, string]>([
    ['2026-11-22T14:05', 'UTC', '2026-11-22T14:05:00.000Z'],
    ['2026-11-22T09:05', NY, '2026-11-22T14:05:00.000Z'],
    ['2026-07-01T09:05', NY, '2026-07-01T13:05:00.000Z'],
    ['2026-05-13T00:30', KATHMANDU, '2026-05-12T18:45:00.000Z'],
    ['2026-03-29T03:00', BERLIN, '2026-03-29T01:00:00.000Z'], // the first hour of summer time
    ['2026-11-22T14:05:30', 'UTC', '2026-11-22T14:05:30.000Z'], // seconds, as some browsers send
  ])('%s in %s is %s', (value, tz, iso) => {
    expect(instantOfLocal(value, tz)).toBe(t(iso));
  });

  it('takes the first of a time that happens twice (clocks go back)', () => {
    // 02:30 in Berlin on Oct 25, 2026 happens at 00:30Z (+02) and again at 01:30Z (+01).
    expect(instantOfLocal('2026-10-25T02:30', BERLIN)).toBe(t('2026-10-25T00:30:00Z'));
  });

  it('is null for a time the clocks skip', () => {
    expect(instantOfLocal('2026-03-29T02:30', BERLIN)).toBeNull();
    expect(instantOfLocal('2026-03-08T02:00', NY)).toBeNull();
  });

  it('is null for anything that is not a datetime-local value', () => {
    for (const bad of ['', '2026-11-22', '2026-11-22 14:05', '2026-02-30T10:00', '2026-11-22T24:00', '2026-11-22T10:60', 'tomorrow', '2026-11-22T14:05Z']) {
      expect(instantOfLocal(bad, 'UTC'), bad).toBeNull();
    }
  });

  it('round-trips with localDateTimeOf on every hour of the months the clocks change', () => {
    const months = [['2026-03-01', '2026-04-01'], ['2026-10-15', '2026-11-15']] as const;
    for (const tz of [NY, BERLIN, KOLKATA]) {
      for (const [from, to] of months) for (let at = t(`${from}T00:00:00Z`); at < t(`${to}T00:00:00Z`); at += H) {
        const local = localDateTimeOf(at, tz);
        const back = instantOfLocal(local, tz)!;
        // A repeated hour maps back to its first occurrence, which shows the same wall time.
        expect(localDateTimeOf(back, tz), `${tz} ${local}`).toBe(local);
        expect(back === at || back === at - H, `${tz} ${local}`).toBe(true);
      }
    }
  });
});
