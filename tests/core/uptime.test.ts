import { describe, expect, it } from 'vitest';
import type { ComponentStatus } from '../../src/core/component-status.js';
import { addDays, startOfDay } from '../../src/core/time.js';
import {
  PARTIAL_OUTAGE_WEIGHT,
  UPTIME_DAYS,
  dailyUptime,
  dayWindows,
  groupDailyUptime,
  groupUptimeRatio,
  uptimeRatio,
  type DayUptime,
  type StatusChange,
} from '../../src/core/uptime.js';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;
const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';

const t = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad fixture ${iso}`);
  return ms;
};
const ch = (iso: string, status: ComponentStatus): StatusChange => ({ at: t(iso), status });

/** A DayUptime with no data, to compare whole objects against. */
const noData = (day: string): DayUptime => ({
  day,
  observedMs: 0,
  majorMs: 0,
  partialMs: 0,
  degradedMs: 0,
  maintenanceMs: 0,
  downtimeMs: 0,
  worst: null,
  uptime: null,
});

/** Builds the expected DayUptime from hand-computed durations. */
function expectedDay(
  day: string,
  observedMs: number,
  worst: ComponentStatus,
  { major = 0, partial = 0, degraded = 0, maintenance = 0 } = {},
): DayUptime {
  const downtimeMs = major + 0.3 * partial;
  return {
    day,
    observedMs,
    majorMs: major,
    partialMs: partial,
    degradedMs: degraded,
    maintenanceMs: maintenance,
    downtimeMs,
    worst,
    uptime: 1 - downtimeMs / observedMs,
  };
}

/** Compares a DayUptime, allowing float noise on the two derived fractional fields. */
function expectDay(actual: DayUptime | undefined, expected: DayUptime): void {
  expect(actual).toBeDefined();
  const { downtimeMs, uptime, ...rest } = actual!;
  const { downtimeMs: eDown, uptime: eUp, ...eRest } = expected;
  expect(rest).toEqual(eRest);
  expect(downtimeMs).toBeCloseTo(eDown, 6);
  if (eUp === null) expect(uptime).toBeNull();
  else expect(uptime).toBeCloseTo(eUp, 12);
}

describe('constants', () => {
  it('partial outage weighs 0.3 and the bars cover 90 days', () => {
    expect(PARTIAL_OUTAGE_WEIGHT).toBe(0.3);
    expect(UPTIME_DAYS).toBe(90);
  });
});

describe('dayWindows', () => {
  it('cuts UTC days, oldest first, ending with lastDay', () => {
    expect(dayWindows('2026-05-13', 3, 'UTC')).toEqual([
      { day: '2026-05-11', start: t('2026-05-11T00:00:00Z'), end: t('2026-05-12T00:00:00Z') },
      { day: '2026-05-12', start: t('2026-05-12T00:00:00Z'), end: t('2026-05-13T00:00:00Z') },
      { day: '2026-05-13', start: t('2026-05-13T00:00:00Z'), end: t('2026-05-14T00:00:00Z') },
    ]);
  });

  it('a single window is the last day', () => {
    expect(dayWindows('2026-03-01', 1, 'UTC')).toEqual([
      { day: '2026-03-01', start: t('2026-03-01T00:00:00Z'), end: t('2026-03-02T00:00:00Z') },
    ]);
  });

  it('crosses a month and leap-day boundary', () => {
    expect(dayWindows('2028-03-01', 3, 'UTC').map((w) => w.day)).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
  });

  it('cuts New York days around spring forward (23 h on 2026-03-08)', () => {
    expect(dayWindows('2026-03-09', 3, NY)).toEqual([
      { day: '2026-03-07', start: t('2026-03-07T05:00:00Z'), end: t('2026-03-08T05:00:00Z') },
      { day: '2026-03-08', start: t('2026-03-08T05:00:00Z'), end: t('2026-03-09T04:00:00Z') },
      { day: '2026-03-09', start: t('2026-03-09T04:00:00Z'), end: t('2026-03-10T04:00:00Z') },
    ]);
  });

  it.each<[string, string, string, number[]]>([
    ['New York fall back', NY, '2026-11-02', [24, 25, 24]],
    ['Berlin spring forward', BERLIN, '2026-03-30', [24, 23, 24]],
    ['Berlin fall back', BERLIN, '2026-10-26', [24, 25, 24]],
    ['Kathmandu (no DST, +05:45)', 'Asia/Kathmandu', '2026-03-09', [24, 24, 24]],
  ])('%s: window lengths %s', (_name, tz, lastDay, hours) => {
    expect(dayWindows(lastDay, 3, tz).map((w) => (w.end - w.start) / H)).toEqual(hours);
  });

  describe.each(['UTC', NY, BERLIN, 'Asia/Kolkata', 'America/Santiago'])('a whole year in %s', (tz) => {
    const windows = dayWindows('2026-12-31', 365, tz);
    it('has 365 consecutive days from 2026-01-01', () => {
      expect(windows).toHaveLength(365);
      expect(windows[0]!.day).toBe('2026-01-01');
      windows.forEach((w, i) => expect(w.day).toBe(addDays('2026-01-01', i)));
    });
    it('is contiguous: each end is the next start, each start is the zone midnight', () => {
      for (let i = 0; i < windows.length; i++) {
        const w = windows[i]!;
        expect(w.start).toBe(startOfDay(w.day, tz));
        expect(w.end).toBeGreaterThan(w.start);
        if (i + 1 < windows.length) expect(w.end).toBe(windows[i + 1]!.start);
      }
    });
    it('covers exactly the year', () => {
      expect(windows[0]!.start).toBe(startOfDay('2026-01-01', tz));
      expect(windows[364]!.end).toBe(startOfDay('2027-01-01', tz));
      const lengths = windows.map((w) => w.end - w.start);
      expect(lengths.reduce((a, b) => a + b, 0)).toBe(windows[364]!.end - windows[0]!.start);
      // Only 23, 24 or 25 h days, and as many short days as long ones over a year.
      for (const l of lengths) expect([23 * H, 24 * H, 25 * H]).toContain(l);
      expect(lengths.filter((l) => l === 23 * H).length).toBe(lengths.filter((l) => l === 25 * H).length);
    });
  });

  it('New York 2026 has exactly one 23 h day (03-08) and one 25 h day (11-01)', () => {
    const windows = dayWindows('2026-12-31', 365, NY);
    expect(windows.filter((w) => w.end - w.start === 23 * H).map((w) => w.day)).toEqual(['2026-03-08']);
    expect(windows.filter((w) => w.end - w.start === 25 * H).map((w) => w.day)).toEqual(['2026-11-01']);
  });

  it('90 windows, as the page shows', () => {
    const windows = dayWindows('2026-05-13', UPTIME_DAYS, 'UTC');
    expect(windows).toHaveLength(90);
    expect(windows[0]!.day).toBe('2026-02-13'); // 05-13 − 89 days
    expect(windows[89]!.day).toBe('2026-05-13');
  });
});

// Most cases use three UTC days, 2026-05-10 … 2026-05-12, observed up to the end of the last.
const W3 = dayWindows('2026-05-12', 3, 'UTC');
const END = t('2026-05-13T00:00:00Z');
const LONG_AGO = '2026-01-01T00:00:00Z';

describe('dailyUptime', () => {
  it('no changes → every day is no data', () => {
    const days = dailyUptime([], W3, END, null);
    expect(days).toEqual([noData('2026-05-10'), noData('2026-05-11'), noData('2026-05-12')]);
  });

  it.each<[ComponentStatus, { major?: number; partial?: number; degraded?: number; maintenance?: number }, number]>([
    ['operational', {}, 1],
    ['degraded_performance', { degraded: D }, 1],
    ['under_maintenance', { maintenance: D }, 1],
    ['partial_outage', { partial: D }, 0.7],
    ['major_outage', { major: D }, 0],
  ])('one status all along: %s', (status, durations, uptime) => {
    const days = dailyUptime([ch(LONG_AGO, status)], W3, END, null);
    expect(days).toHaveLength(3);
    for (const [i, day] of ['2026-05-10', '2026-05-11', '2026-05-12'].entries()) {
      expectDay(days[i], expectedDay(day, D, status, durations));
      expect(days[i]!.uptime).toBeCloseTo(uptime, 12);
    }
  });

  it('a change mid-day splits the time', () => {
    const days = dailyUptime(
      [ch(LONG_AGO, 'operational'), ch('2026-05-11T06:00:00Z', 'major_outage'), ch('2026-05-11T09:00:00Z', 'operational')],
      W3,
      END,
      null,
    );
    expectDay(days[0], expectedDay('2026-05-10', D, 'operational'));
    expectDay(days[1], expectedDay('2026-05-11', D, 'major_outage', { major: 3 * H }));
    expect(days[1]!.uptime).toBeCloseTo(1 - 3 / 24, 12); // 87.5 %
    expectDay(days[2], expectedDay('2026-05-12', D, 'operational'));
  });

  it('downtime = major + 0.3 × partial; degraded and maintenance count zero', () => {
    const days = dailyUptime(
      [
        ch(LONG_AGO, 'operational'),
        ch('2026-05-11T10:00:00Z', 'partial_outage'), // 2 h
        ch('2026-05-11T12:00:00Z', 'degraded_performance'), // 1 h
        ch('2026-05-11T13:00:00Z', 'under_maintenance'), // 1 h
        ch('2026-05-11T14:00:00Z', 'major_outage'), // 30 min
        ch('2026-05-11T14:30:00Z', 'operational'),
      ],
      W3,
      END,
      null,
    );
    const d = days[1]!;
    expect(d.majorMs).toBe(30 * MIN);
    expect(d.partialMs).toBe(2 * H);
    expect(d.degradedMs).toBe(H);
    expect(d.maintenanceMs).toBe(H);
    expect(d.observedMs).toBe(D);
    // 30 min + 0.3 × 120 min = 66 min
    expect(d.downtimeMs).toBeCloseTo(66 * MIN, 6);
    expect(d.uptime).toBeCloseTo(1 - 66 / 1440, 12);
    expect(d.worst).toBe('major_outage');
  });

  it('degraded and maintenance alone leave uptime at 100 %', () => {
    const days = dailyUptime(
      [ch(LONG_AGO, 'degraded_performance'), ch('2026-05-11T12:00:00Z', 'under_maintenance')],
      W3,
      END,
      null,
    );
    for (const d of days) {
      expect(d.downtimeMs).toBe(0);
      expect(d.uptime).toBe(1);
    }
  });

  it('worst status per day, with maintenance below any outage', () => {
    const days = dailyUptime(
      [
        ch('2026-05-10T00:00:00Z', 'degraded_performance'),
        ch('2026-05-10T08:00:00Z', 'under_maintenance'),
        ch('2026-05-10T16:00:00Z', 'operational'),
        ch('2026-05-11T08:00:00Z', 'under_maintenance'),
        ch('2026-05-11T10:00:00Z', 'operational'),
        ch('2026-05-12T01:00:00Z', 'partial_outage'),
        ch('2026-05-12T02:00:00Z', 'degraded_performance'),
        ch('2026-05-12T03:00:00Z', 'operational'),
      ],
      W3,
      END,
      null,
    );
    expect(days.map((d) => d.worst)).toEqual(['degraded_performance', 'under_maintenance', 'partial_outage']);
    expectDay(days[0], expectedDay('2026-05-10', D, 'degraded_performance', { degraded: 8 * H, maintenance: 8 * H }));
    expectDay(days[1], expectedDay('2026-05-11', D, 'under_maintenance', { maintenance: 2 * H }));
    expectDay(days[2], expectedDay('2026-05-12', D, 'partial_outage', { partial: H, degraded: H }));
  });

  it('time before the first change is not observed', () => {
    const days = dailyUptime([ch('2026-05-11T18:00:00Z', 'operational')], W3, END, null);
    expect(days[0]).toEqual(noData('2026-05-10'));
    expectDay(days[1], expectedDay('2026-05-11', 6 * H, 'operational'));
    expectDay(days[2], expectedDay('2026-05-12', D, 'operational'));
  });

  it('a first change that is an outage: uptime only over the observed part', () => {
    const days = dailyUptime(
      [ch('2026-05-11T18:00:00Z', 'major_outage'), ch('2026-05-11T21:00:00Z', 'operational')],
      W3,
      END,
      null,
    );
    expectDay(days[1], expectedDay('2026-05-11', 6 * H, 'major_outage', { major: 3 * H }));
    expect(days[1]!.uptime).toBeCloseTo(0.5, 12);
  });

  it('startDay clips: earlier days are no data even when history exists', () => {
    const changes = [ch(LONG_AGO, 'major_outage')];
    const days = dailyUptime(changes, W3, END, '2026-05-11');
    expect(days[0]).toEqual(noData('2026-05-10'));
    expectDay(days[1], expectedDay('2026-05-11', D, 'major_outage', { major: D }));
    expectDay(days[2], expectedDay('2026-05-12', D, 'major_outage', { major: D }));
  });

  it('startDay clipping is by day: an outage the day before startDay does not count', () => {
    const days = dailyUptime(
      [ch(LONG_AGO, 'operational'), ch('2026-05-10T22:00:00Z', 'major_outage'), ch('2026-05-11T01:00:00Z', 'operational')],
      W3,
      END,
      '2026-05-11',
    );
    expect(days[0]).toEqual(noData('2026-05-10'));
    expectDay(days[1], expectedDay('2026-05-11', D, 'major_outage', { major: H }));
  });

  it.each<[string, string | null, number]>([
    ['startDay null: no clipping', null, 3],
    ['startDay before the windows', '2026-04-01', 3],
    ['startDay on the first window', '2026-05-10', 3],
    ['startDay on the last window', '2026-05-12', 1],
    ['startDay after every window', '2026-05-13', 0],
  ])('%s → %d day(s) with data', (_name, startDay, withData) => {
    const days = dailyUptime([ch(LONG_AGO, 'operational')], W3, END, startDay);
    expect(days.filter((d) => d.uptime !== null)).toHaveLength(withData);
    // The days with data are always the latest ones.
    expect(days.slice(3 - withData).every((d) => d.observedMs === D)).toBe(true);
  });

  it('now in the middle of the last day: only time up to now is observed', () => {
    const now = t('2026-05-12T15:30:00Z');
    const days = dailyUptime([ch(LONG_AGO, 'operational'), ch('2026-05-12T12:00:00Z', 'major_outage')], W3, now, null);
    expectDay(days[0], expectedDay('2026-05-10', D, 'operational'));
    expectDay(days[2], expectedDay('2026-05-12', 15.5 * H, 'major_outage', { major: 3.5 * H }));
    expect(days[2]!.uptime).toBeCloseTo(1 - 3.5 / 15.5, 12);
  });

  it('days after now are no data; changes after now are ignored', () => {
    const windows = dayWindows('2026-05-14', 5, 'UTC'); // 05-10 … 05-14
    const now = t('2026-05-12T06:00:00Z');
    const days = dailyUptime(
      [ch(LONG_AGO, 'operational'), ch('2026-05-13T01:00:00Z', 'major_outage')],
      windows,
      now,
      null,
    );
    expect(days.map((d) => d.day)).toEqual(['2026-05-10', '2026-05-11', '2026-05-12', '2026-05-13', '2026-05-14']);
    expectDay(days[2], expectedDay('2026-05-12', 6 * H, 'operational'));
    expect(days[3]).toEqual(noData('2026-05-13'));
    expect(days[4]).toEqual(noData('2026-05-14'));
  });

  it('now before every window → all no data', () => {
    const days = dailyUptime([ch(LONG_AGO, 'major_outage')], W3, t('2026-05-09T12:00:00Z'), null);
    expect(days.every((d) => d.observedMs === 0 && d.uptime === null && d.worst === null)).toBe(true);
  });

  it('duplicates at the same instant: the last one holds, the others take no time', () => {
    const days = dailyUptime(
      [
        ch(LONG_AGO, 'operational'),
        ch('2026-05-11T06:00:00Z', 'major_outage'),
        ch('2026-05-11T06:00:00Z', 'partial_outage'),
        ch('2026-05-11T06:00:00Z', 'degraded_performance'),
        ch('2026-05-11T08:00:00Z', 'operational'),
        ch('2026-05-11T08:00:00Z', 'operational'),
      ],
      W3,
      END,
      null,
    );
    // The zero-length major and partial entries leave no trace, not even in `worst`.
    expectDay(days[1], expectedDay('2026-05-11', D, 'degraded_performance', { degraded: 2 * H }));
  });

  it('a change exactly on a day boundary belongs wholly to the new day', () => {
    const days = dailyUptime(
      [ch(LONG_AGO, 'operational'), ch('2026-05-11T00:00:00Z', 'major_outage'), ch('2026-05-12T00:00:00Z', 'operational')],
      W3,
      END,
      null,
    );
    // The neighbours never saw the outage, not even as their worst status.
    expectDay(days[0], expectedDay('2026-05-10', D, 'operational'));
    expectDay(days[1], expectedDay('2026-05-11', D, 'major_outage', { major: D }));
    expect(days[1]!.uptime).toBe(0);
    expectDay(days[2], expectedDay('2026-05-12', D, 'operational'));
  });

  it('the first change exactly at the start of the window', () => {
    const days = dailyUptime([ch('2026-05-10T00:00:00Z', 'partial_outage')], W3, END, null);
    expectDay(days[0], expectedDay('2026-05-10', D, 'partial_outage', { partial: D }));
  });

  it('an outage spanning several days is split at each midnight', () => {
    const days = dailyUptime(
      [ch(LONG_AGO, 'operational'), ch('2026-05-10T20:00:00Z', 'major_outage'), ch('2026-05-12T02:00:00Z', 'operational')],
      W3,
      END,
      null,
    );
    expectDay(days[0], expectedDay('2026-05-10', D, 'major_outage', { major: 4 * H }));
    expectDay(days[1], expectedDay('2026-05-11', D, 'major_outage', { major: D }));
    expectDay(days[2], expectedDay('2026-05-12', D, 'major_outage', { major: 2 * H }));
  });

  it('history entirely before the windows carries its last status in', () => {
    const days = dailyUptime(
      [ch('2026-01-01T00:00:00Z', 'major_outage'), ch('2026-02-01T00:00:00Z', 'degraded_performance')],
      W3,
      END,
      null,
    );
    for (const d of days) expect(d).toMatchObject({ observedMs: D, degradedMs: D, majorMs: 0, worst: 'degraded_performance' });
  });

  it('an ongoing partial outage across the window', () => {
    const days = dailyUptime([ch(LONG_AGO, 'operational'), ch('2026-05-11T12:00:00Z', 'partial_outage')], W3, END, null);
    expectDay(days[1], expectedDay('2026-05-11', D, 'partial_outage', { partial: 12 * H }));
    expect(days[1]!.downtimeMs).toBeCloseTo(0.3 * 12 * H, 6);
    expect(days[1]!.uptime).toBeCloseTo(1 - 3.6 / 24, 12); // 85 %
    expectDay(days[2], expectedDay('2026-05-12', D, 'partial_outage', { partial: D }));
  });

  it('each day: observed = major + partial + degraded + maintenance + operational time', () => {
    const changes: StatusChange[] = [ch(LONG_AGO, 'operational')];
    const cycle: ComponentStatus[] = ['degraded_performance', 'major_outage', 'operational', 'partial_outage', 'under_maintenance'];
    // A change every 97 minutes over the three days.
    for (let i = 0, at = t('2026-05-09T23:00:00Z'); at < END; i++, at += 97 * MIN) {
      changes.push({ at, status: cycle[i % cycle.length]! });
    }
    const days = dailyUptime(changes, W3, END, null);
    let operationalTotal = 0;
    for (const d of days) {
      expect(d.observedMs).toBe(D);
      operationalTotal += d.observedMs - d.majorMs - d.partialMs - d.degradedMs - d.maintenanceMs;
      expect(d.downtimeMs).toBeCloseTo(d.majorMs + 0.3 * d.partialMs, 6);
    }
    // Independently: sum the operational segments directly.
    let expectedOperational = 0;
    for (let i = 0; i < changes.length; i++) {
      const c = changes[i]!;
      const s = Math.max(c.at, W3[0]!.start);
      const e = Math.min(i + 1 < changes.length ? changes[i + 1]!.at : END, END);
      if (c.status === 'operational' && e > s) expectedOperational += e - s;
    }
    expect(operationalTotal).toBe(expectedOperational);
  });

  describe('America/New_York across DST', () => {
    it('2026-03-08: an outage 01:00–04:00 local counts 2 h (02:00–03:00 does not exist); the day is 23 h', () => {
      const windows = dayWindows('2026-03-09', 3, NY);
      const days = dailyUptime(
        [
          ch('2026-03-01T00:00:00Z', 'operational'),
          ch('2026-03-08T06:00:00Z', 'major_outage'), // 01:00 EST
          ch('2026-03-08T08:00:00Z', 'operational'), // 04:00 EDT
        ],
        windows,
        t('2026-03-10T04:00:00Z'), // end of 2026-03-09 EDT
        null,
      );
      expectDay(days[0], expectedDay('2026-03-07', 24 * H, 'operational'));
      expectDay(days[1], expectedDay('2026-03-08', 23 * H, 'major_outage', { major: 2 * H }));
      expect(days[1]!.uptime).toBeCloseTo(1 - 2 / 23, 12);
      expectDay(days[2], expectedDay('2026-03-09', 24 * H, 'operational'));
    });

    it('2026-11-01: an outage 00:30 EDT – 02:30 EST counts 3 h; the day is 25 h', () => {
      const windows = dayWindows('2026-11-01', 1, NY);
      const days = dailyUptime(
        [
          ch('2026-10-01T00:00:00Z', 'operational'),
          ch('2026-11-01T04:30:00Z', 'major_outage'), // 00:30 EDT
          ch('2026-11-01T07:30:00Z', 'operational'), // 02:30 EST
        ],
        windows,
        t('2026-11-02T05:00:00Z'),
        null,
      );
      expectDay(days[0], expectedDay('2026-11-01', 25 * H, 'major_outage', { major: 3 * H }));
    });

    it('an outage across local midnight is cut at the zone midnight, not UTC midnight', () => {
      const windows = dayWindows('2026-05-13', 2, NY);
      const days = dailyUptime(
        [
          ch('2026-05-01T00:00:00Z', 'operational'),
          ch('2026-05-13T02:00:00Z', 'major_outage'), // 22:00 EDT on 05-12
          ch('2026-05-13T06:00:00Z', 'operational'), // 02:00 EDT on 05-13
        ],
        windows,
        t('2026-05-14T04:00:00Z'),
        null,
      );
      expectDay(days[0], expectedDay('2026-05-12', D, 'major_outage', { major: 2 * H }));
      expectDay(days[1], expectedDay('2026-05-13', D, 'major_outage', { major: 2 * H }));
    });
  });
});

describe('uptimeRatio', () => {
  const day = (observedMs: number, downtimeMs: number): DayUptime => ({
    ...noData('2026-05-13'),
    observedMs,
    majorMs: downtimeMs,
    downtimeMs,
    worst: downtimeMs > 0 ? 'major_outage' : 'operational',
    uptime: observedMs > 0 ? 1 - downtimeMs / observedMs : null,
  });

  it.each<[string, DayUptime[], number | null]>([
    ['no days', [], null],
    ['only no-data days', [noData('2026-05-12'), noData('2026-05-13')], null],
    ['one perfect day', [day(D, 0)], 1],
    ['one day down', [day(D, D)], 0],
    ['no-data days are ignored, not counted as perfect', [noData('2026-05-12'), day(D, 6 * H)], 0.75],
    // Weighted by observed time: 1 − 3 h / 36 h, not the mean of 100 % and 75 %.
    ['weighted by observed time', [day(D, 0), day(12 * H, 3 * H)], 1 - 3 / 36],
    ['90 days with one 2 h outage', [...Array.from({ length: 89 }, () => day(D, 0)), day(D, 2 * H)], 1 - 2 / (90 * 24)],
  ])('%s', (_name, days, expected) => {
    const r = uptimeRatio(days);
    if (expected === null) expect(r).toBeNull();
    else expect(r).toBeCloseTo(expected, 12);
  });

  it('agrees with dailyUptime output over several days', () => {
    const days = dailyUptime(
      [ch(LONG_AGO, 'operational'), ch('2026-05-11T00:00:00Z', 'partial_outage'), ch('2026-05-11T10:00:00Z', 'operational')],
      W3,
      END,
      null,
    );
    // 10 h partial → 3 h downtime over 72 h.
    expect(uptimeRatio(days)).toBeCloseTo(1 - 3 / 72, 12);
  });
});

describe('groupDailyUptime', () => {
  const child = (day: string, partial: Partial<DayUptime>): DayUptime => ({ ...noData(day), ...partial });

  it('no children → no days', () => {
    expect(groupDailyUptime([])).toEqual([]);
  });

  it('one child → its own days', () => {
    const days = dailyUptime([ch(LONG_AGO, 'operational'), ch('2026-05-11T06:00:00Z', 'major_outage')], W3, END, null);
    const group = groupDailyUptime([days]);
    expect(group).toHaveLength(3);
    group.forEach((g, i) => expectDay(g, days[i]!));
  });

  it('mean over children with data; worst status; a child with no data is ignored', () => {
    const a = [
      child('2026-05-12', { observedMs: D, uptime: 1, worst: 'operational' }),
      child('2026-05-13', { observedMs: D, uptime: 1, worst: 'under_maintenance', maintenanceMs: 4 * H }),
    ];
    const b = [
      child('2026-05-12', { observedMs: D, majorMs: 12 * H, downtimeMs: 12 * H, uptime: 0.5, worst: 'major_outage' }),
      child('2026-05-13', { observedMs: 12 * H, degradedMs: 2 * H, uptime: 1, worst: 'degraded_performance' }),
    ];
    const c = [noData('2026-05-12'), noData('2026-05-13')];
    const g = groupDailyUptime([a, b, c]);
    expect(g).toHaveLength(2);
    // Day 1: mean of 1 and 0.5 over the two children with data (not over three).
    expect(g[0]).toMatchObject({ day: '2026-05-12', observedMs: D, majorMs: 6 * H, downtimeMs: 6 * H, worst: 'major_outage' });
    expect(g[0]!.uptime).toBeCloseTo(0.75, 12);
    // Day 2: maintenance vs degraded → degraded is worse news.
    expect(g[1]).toMatchObject({
      day: '2026-05-13',
      observedMs: 18 * H,
      maintenanceMs: 2 * H,
      degradedMs: H,
      downtimeMs: 0,
      worst: 'degraded_performance',
      uptime: 1,
    });
  });

  it('a day where no child has data stays null', () => {
    const a = [noData('2026-05-12'), child('2026-05-13', { observedMs: D, uptime: 1, worst: 'operational' })];
    const b = [noData('2026-05-12'), noData('2026-05-13')];
    const g = groupDailyUptime([a, b]);
    expect(g[0]).toEqual(noData('2026-05-12'));
    expect(g[1]).toMatchObject({ day: '2026-05-13', uptime: 1, worst: 'operational', observedMs: D });
  });

  it('uses the days from the children in order', () => {
    const a = [noData('2026-05-11'), noData('2026-05-12'), noData('2026-05-13')];
    expect(groupDailyUptime([a, a]).map((d) => d.day)).toEqual(['2026-05-11', '2026-05-12', '2026-05-13']);
  });
});

describe('groupUptimeRatio', () => {
  it.each<[(number | null)[], number | null]>([
    [[], null],
    [[null], null],
    [[null, null], null],
    [[0.9], 0.9],
    [[1, 0.5], 0.75],
    [[1, 0.5, null], 0.75],
    [[null, 0, 1, null], 0.5],
    [[0.999, 0.99, 0.9], (0.999 + 0.99 + 0.9) / 3],
  ])('groupUptimeRatio(%j) = %s', (ratios, expected) => {
    const r = groupUptimeRatio(ratios);
    if (expected === null) expect(r).toBeNull();
    else expect(r).toBeCloseTo(expected, 12);
  });
});

describe('the events behind each day', () => {
  it('names, per day, the events whose trouble held that day (ongoing ones on every day they last), not the ones that ended it', () => {
    const changes: StatusChange[] = [
      { at: t(LONG_AGO), status: 'operational' },
      { at: t('2026-05-10T22:00:00Z'), status: 'major_outage', eventId: 'a' },
      { at: t('2026-05-11T02:00:00Z'), status: 'partial_outage', eventId: 'b' },
      { at: t('2026-05-11T04:00:00Z'), status: 'operational', eventId: 'b' },
    ];
    const days = dailyUptime(changes, W3, END, null);
    expect(days.map((d) => d.eventIds ?? [])).toEqual([['a'], ['a', 'b'], []]);
    // A group's day names every child's events once.
    const other = dailyUptime([{ at: t(LONG_AGO), status: 'degraded_performance', eventId: 'c' }], W3, END, null);
    expect(groupDailyUptime([days, other, days]).map((d) => d.eventIds ?? [])).toEqual([['a', 'c'], ['a', 'b', 'c'], ['c']]);
  });
});
