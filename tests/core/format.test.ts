import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatDayKey,
  formatDuration,
  formatIsoInZone,
  formatMonthKey,
  formatUptime,
} from '../../src/core/format.js';

const S = 1_000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;
const t = (iso: string): number => Date.parse(iso);

describe('formatDuration', () => {
  it.each<[string, number, string]>([
    ['zero', 0, 'less than a minute'],
    ['1 ms', 1, 'less than a minute'],
    ['59 s', 59 * S, 'less than a minute'],
    ['59.999 s', MIN - 1, 'less than a minute'],
    ['1 min', MIN, '1 min'],
    ['1 min 59 s (seconds are dropped)', 2 * MIN - 1, '1 min'],
    ['45 min', 45 * MIN, '45 min'],
    ['59 min', 59 * MIN, '59 min'],
    ['59 min 59 s', H - 1, '59 min'],
    ['1 h', H, '1 h'],
    ['1 h 59 s', H + 59 * S, '1 h'],
    ['1 h 1 min', H + MIN, '1 h 1 min'],
    ['2 h 5 min', 2 * H + 5 * MIN, '2 h 5 min'],
    ['23 h 59 min', D - MIN, '23 h 59 min'],
    ['1 d', D, '1 d'],
    ['1 d 59 min (minutes are dropped after days)', D + 59 * MIN, '1 d'],
    ['1 d 1 h', D + H, '1 d 1 h'],
    ['1 d 1 h 1 min', D + H + MIN, '1 d 1 h'],
    ['3 d 4 h', 3 * D + 4 * H, '3 d 4 h'],
    ['45 d', 45 * D, '45 d'],
    ['400 d 23 h', 400 * D + 23 * H + 59 * MIN, '400 d 23 h'],
  ])('%s → %j', (_n, ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it.each([-1, -MIN, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('throws on %d', (ms) => {
    expect(() => formatDuration(ms)).toThrow(RangeError);
  });
});

describe('formatIsoInZone', () => {
  it.each<[string, string, string]>([
    ['2026-05-13T18:16:07.149Z', 'America/New_York', '2026-05-13T14:16:07.149-04:00'],
    ['2026-01-15T18:16:07.149Z', 'America/New_York', '2026-01-15T13:16:07.149-05:00'],
    ['2026-05-13T18:16:07.149Z', 'UTC', '2026-05-13T18:16:07.149+00:00'],
    ['2026-05-13T18:16:07.149Z', 'Asia/Kolkata', '2026-05-13T23:46:07.149+05:30'],
    ['2026-05-13T18:16:07.149Z', 'Asia/Kathmandu', '2026-05-14T00:01:07.149+05:45'],
    ['2026-05-13T18:16:07.149Z', 'Europe/Berlin', '2026-05-13T20:16:07.149+02:00'],
    ['2026-01-15T18:16:07.149Z', 'Europe/Berlin', '2026-01-15T19:16:07.149+01:00'],
    ['2026-01-15T12:00:00.000Z', 'America/St_Johns', '2026-01-15T08:30:00.000-03:30'],
    ['2026-01-15T12:00:00.000Z', 'Pacific/Chatham', '2026-01-16T01:45:00.000+13:45'],
    ['2026-05-13T18:16:07.000Z', 'UTC', '2026-05-13T18:16:07.000+00:00'],
    ['2026-01-01T03:00:00.000Z', 'America/New_York', '2025-12-31T22:00:00.000-05:00'],
    // NY spring forward: 01:59:59.999 EST is followed by 03:00 EDT.
    ['2026-03-08T06:59:59.999Z', 'America/New_York', '2026-03-08T01:59:59.999-05:00'],
    ['2026-03-08T07:00:00.000Z', 'America/New_York', '2026-03-08T03:00:00.000-04:00'],
    // NY fall back: 01:30 happens twice; the offset tells them apart.
    ['2026-11-01T05:30:00.000Z', 'America/New_York', '2026-11-01T01:30:00.000-04:00'],
    ['2026-11-01T06:30:00.000Z', 'America/New_York', '2026-11-01T01:30:00.000-05:00'],
    ['1969-12-31T23:59:59.999Z', 'UTC', '1969-12-31T23:59:59.999+00:00'],
    ['1969-12-31T23:59:58.500Z', 'Asia/Kolkata', '1970-01-01T05:29:58.500+05:30'],
  ])('%s in %s → %s', (iso, tz, expected) => {
    expect(formatIsoInZone(t(iso), tz)).toBe(expected);
  });

  // Independent check: whatever the zone, the string must denote the same instant.
  describe.each(['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham'])(
    'in %s',
    (tz) => {
      it('round-trips through Date.parse every 7 h 13 min 17.5 s for a year', () => {
        const step = 7 * H + 13 * MIN + 17_500 + 3;
        for (let ms = t('2026-01-01T00:00:00Z'); ms < t('2027-01-01T00:00:00Z'); ms += step) {
          const s = formatIsoInZone(ms, tz);
          expect(s).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/);
          expect(Date.parse(s), s).toBe(ms);
        }
      });
    },
  );
});

describe('formatDateTime ("Nov 22, 2026, 14:05 EST" in the page zone, 24-hour clock)', () => {
  it.each<[string, string, string]>([
    ['2026-11-22T19:05:00Z', 'America/New_York', 'Nov 22, 2026, 14:05 EST'],
    ['2026-05-13T18:16:07Z', 'America/New_York', 'May 13, 2026, 14:16 EDT'],
    ['2026-05-13T04:05:00Z', 'America/New_York', 'May 13, 2026, 00:05 EDT'], // midnight hour is 00, not 24
    ['2026-11-22T19:05:00Z', 'UTC', 'Nov 22, 2026, 19:05 UTC'],
    ['2026-11-22T23:59:00Z', 'UTC', 'Nov 22, 2026, 23:59 UTC'],
    ['2026-11-22T19:05:00Z', 'Asia/Kolkata', 'Nov 23, 2026, 00:35 GMT+5:30'],
    ['2026-11-22T19:05:00Z', 'Europe/Berlin', 'Nov 22, 2026, 20:05 GMT+1'],
  ])('%s in %s → %j', (iso, tz, expected) => {
    expect(formatDateTime(t(iso), tz)).toBe(expected);
  });
});

describe('formatDate (day of an instant in the page zone)', () => {
  it.each<[string, string, string]>([
    ['2026-11-22T19:05:00Z', 'UTC', 'Nov 22, 2026'],
    ['2026-11-23T03:00:00Z', 'America/New_York', 'Nov 22, 2026'],
    ['2026-11-23T03:00:00Z', 'UTC', 'Nov 23, 2026'],
    ['2026-11-22T19:00:00Z', 'Asia/Kolkata', 'Nov 23, 2026'],
    ['2026-01-01T04:59:59Z', 'America/New_York', 'Dec 31, 2025'],
    ['2026-01-01T05:00:00Z', 'America/New_York', 'Jan 1, 2026'],
  ])('%s in %s → %j', (iso, tz, expected) => {
    expect(formatDate(t(iso), tz)).toBe(expected);
  });
});

describe('formatDayKey', () => {
  it.each<[string, string]>([
    ['2026-11-22', 'Nov 22, 2026'],
    ['2026-01-01', 'Jan 1, 2026'],
    ['2026-12-31', 'Dec 31, 2026'],
    ['2024-02-29', 'Feb 29, 2024'],
    ['2026-03-08', 'Mar 8, 2026'],
  ])('%s → %j', (day, expected) => {
    expect(formatDayKey(day)).toBe(expected);
  });
});

describe('formatMonthKey', () => {
  it.each<[string, string]>([
    ['2026-11', 'November 2026'],
    ['2026-01', 'January 2026'],
    ['2026-12', 'December 2026'],
    ['2025-02', 'February 2025'],
  ])('%s → %j', (month, expected) => {
    expect(formatMonthKey(month)).toBe(expected);
  });
});

describe('formatUptime', () => {
  it.each<[number | null, string]>([
    [null, 'No data'],
    [1, '100.00%'],
    [0, '0.00%'],
    [0.5, '50.00%'],
    [0.9, '90.00%'],
    [0.95, '95.00%'],
    [0.999, '99.90%'],
    [0.9999, '99.99%'],
    [0.123456, '12.34%'],
    [0.98765, '98.76%'], // floor, not round
    // Never rounds a loss up to 100.00%.
    [0.99995, '99.99%'],
    [0.99999, '99.99%'],
    [0.999999999, '99.99%'],
    [1 - 1 / 86_400_000, '99.99%'], // one millisecond of downtime in a day
    // A day of 24 h with 2 h of partial outage: 1 − 0.3 × 2 / 24 = 97.5 %.
    [1 - (0.3 * 2 * H) / D, '97.50%'],
  ])('%s → %j', (ratio, expected) => {
    expect(formatUptime(ratio)).toBe(expected);
  });

  // Regression (found while writing these tests; src/core/format.ts formatUptime): flooring
  // ratio × 10 000 directly floors a product that binary floating point leaves a hair below
  // the integer, so an exact two-decimal ratio showed 0.01 % too low
  // (0.57 × 10 000 === 5699.999999999999 → "56.99%").
  it.each<[string, number, string]>([
    ['exactly 57 %', 0.57, '57.00%'],
    ['exactly 81.9 %', 0.819, '81.90%'],
    ['a 24 h day with 19 h 12 min of major outage (exactly 20 %)', 1 - (19 * H + 12 * MIN) / D, '20.00%'],
    ['a 24 h day with 21 h 36 min of major outage (exactly 10 %)', 1 - (21 * H + 36 * MIN) / D, '10.00%'],
    // The smallest loss that millisecond timestamps can record over 90 days (1 ms of partial
    // outage, weighted 0.3) must still not show as 100.00%.
    ['the smallest recordable loss over 90 days', 1 - (0.3 * 1) / (90 * D), '99.99%'],
    ['1 ms of major outage over 90 days', 1 - 1 / (90 * D), '99.99%'],
  ])('%s (ratio %s) → %j', (_name, ratio, expected) => {
    expect(formatUptime(ratio)).toBe(expected);
  });
});
