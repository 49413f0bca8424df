/**
 * Calendar days in a named IANA time zone, computed with Intl only (no clock, no I/O).
 * A day key is 'YYYY-MM-DD'; instants are epoch milliseconds.
 */
export type DayKey = string;

const HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(epochMs: number, timeZone: string): WallClock {
  const out: Record<string, number> = {};
  for (const p of partsFormatter(timeZone).formatToParts(new Date(epochMs))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year!,
    month: out.month!,
    day: out.day!,
    hour: out.hour! % 24,
    minute: out.minute!,
    second: out.second!,
  };
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    partsFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of the zone from UTC at the given instant, in milliseconds (east positive). */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const w = wallClock(epochMs, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (epochMs - (epochMs % 1000 + 1000) % 1000);
}

export function dayKeyOf(epochMs: number, timeZone: string): DayKey {
  const w = wallClock(epochMs, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

export function isDayKey(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Calendar arithmetic on day keys; independent of any zone. */
export function addDays(day: DayKey, n: number): DayKey {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/**
 * The instant the day begins in the zone: the first instant whose local date is `day`.
 * Where local midnight happens twice (clocks go back at midnight) that is the first one;
 * where it is skipped (clocks go forward at midnight) it is the moment of the change.
 */
export function startOfDay(day: DayKey, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wallMidnight = Date.UTC(y, m - 1, d);
  // The offsets in force some hours either side of that midnight; a DST change in between
  // gives two candidates. A candidate is real when its own offset maps it back to 00:00.
  const candidates = [wallMidnight - 14 * HOUR, wallMidnight + 14 * HOUR].map(
    (probe) => wallMidnight - zoneOffsetMs(probe, timeZone),
  );
  const real = candidates.filter((c) => wallMidnight - zoneOffsetMs(c, timeZone) === c);
  if (real.length > 0) return Math.min(...real);
  // Midnight did not exist: search for the change, the first instant on `day`.
  let lo = Math.min(...candidates) - 3 * HOUR; // still the day before
  let hi = Math.max(...candidates) + 3 * HOUR; // already `day`
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (dayKeyOf(mid, timeZone) < day) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Month key 'YYYY-MM' of an instant in the zone. */
export function monthKeyOf(epochMs: number, timeZone: string): string {
  return dayKeyOf(epochMs, timeZone).slice(0, 7);
}

export function addMonths(monthKey: string, n: number): string {
  const [y, m] = monthKey.split('-').map(Number) as [number, number];
  const t = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** What an `<input type="datetime-local">` shows for an instant in the zone: 'YYYY-MM-DDTHH:mm'. */
export function localDateTimeOf(epochMs: number, timeZone: string): string {
  const w = wallClock(epochMs, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant a wall-clock time ('YYYY-MM-DDTHH:mm', as a datetime-local input sends it) names
 * in the zone. Null when the text is not such a time, or when the time does not exist there
 * (skipped as clocks go forward). A time that happens twice (clocks go back) is the first one.
 */
export function instantOfLocal(value: string, timeZone: string): number | null {
  const m = LOCAL_DATE_TIME.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  if (!isDayKey(`${m[1]}-${m[2]}-${m[3]}`) || h > 23 || mi > 59 || s > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  // As in startOfDay: the offsets in force either side of the wall time, kept when they map back to it.
  const real = [wall - 14 * HOUR, wall + 14 * HOUR]
    .map((probe) => wall - zoneOffsetMs(probe, timeZone))
    .filter((c) => wall - zoneOffsetMs(c, timeZone) === c);
  return real.length > 0 ? Math.min(...real) : null;
}
