import { zoneOffsetMs } from './time.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A human duration, coarsened to two units: "45 min", "2 h 5 min", "3 d 4 h". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`duration must be a non-negative number, got ${ms}`);
  if (ms < MINUTE) return 'less than a minute';
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return `${minutes} min`;
}

/**
 * ISO-8601 with milliseconds and the zone's UTC offset, e.g. 2026-05-13T14:16:07.149-04:00.
 * RFC 3339 offsets are whole minutes: local mean time (New York's −4:56:02 before 1883) is
 * written at the nearest whole minute, with the wall clock shifted to match, so the text still
 * names the exact instant. Years past 9999 take ISO's expanded form (+275760-…).
 */
export function formatIsoInZone(epochMs: number, timeZone: string): string {
  const offsetMinutes = Math.round(zoneOffsetMs(epochMs, timeZone) / MINUTE);
  // Beyond the last instant a Date holds, the shifted clock would be invalid: write it in UTC.
  const shifted = new Date(epochMs + offsetMinutes * MINUTE);
  if (Number.isNaN(shifted.getTime())) return new Date(epochMs).toISOString().replace('Z', '+00:00');
  const local = shifted.toISOString().slice(0, -1);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = cache.get(key);
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

/** "Nov 22, 2026, 14:05 EST" in the page's zone, 24-hour clock. */
export function formatDateTime(epochMs: number, timeZone: string): string {
  return formatter(`dt|${timeZone}`, () =>
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    }),
  ).format(epochMs);
}

/** "Nov 22, 2026" for an instant in the page's zone. */
export function formatDate(epochMs: number, timeZone: string): string {
  return formatter(`d|${timeZone}`, () =>
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'short', day: 'numeric' }),
  ).format(epochMs);
}

/** "Nov 22, 2026" for a day key, independent of zone. */
export function formatDayKey(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return formatter('dk', () =>
    new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' }),
  ).format(Date.UTC(y, m - 1, d));
}

/** "November 2026" for a month key 'YYYY-MM'. */
export function formatMonthKey(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return formatter('mk', () =>
    new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric', month: 'long' }),
  ).format(Date.UTC(y, m - 1, 1));
}

/** Uptime ratio as a percentage with two decimals, never rounding a loss up to 100.00%. */
export function formatUptime(ratio: number | null): string {
  if (ratio === null) return 'No data';
  // The epsilon absorbs binary rounding (0.57 × 10 000 = 5699.999…) without ever lifting a real loss.
  const floored = Math.floor(ratio * 10_000 + 1e-9) / 100;
  return `${floored.toFixed(2)}%`;
}
