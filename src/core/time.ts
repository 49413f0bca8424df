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

/** What `partsFormatter` writes, e.g. "11/22/2026, 14:05:09": parsed directly, formatToParts is 2–3× slower. */
const FORMATTED = /^(\d{2})\/(\d{2})\/(\d+), (\d{2}):(\d{2}):(\d{2})$/;

function wallClock(epochMs: number, timeZone: string): WallClock {
  const formatter = partsFormatter(timeZone);
  const m = FORMATTED.exec(formatter.format(epochMs));
  if (m) {
    return { year: Number(m[3]), month: Number(m[1]), day: Number(m[2]), hour: Number(m[4]) % 24, minute: Number(m[5]), second: Number(m[6]) };
  }
  // Anything else (an era, an unexpected ICU pattern): read the parts one by one.
  const out: Record<string, number> = {};
  for (const p of formatter.formatToParts(new Date(epochMs))) {
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

/**
 * The value of an `<input type="datetime-local">` ('YYYY-MM-DDTHH:MM') showing the instant
 * on the zone's wall clock. Seconds are dropped: the input edits whole minutes.
 */
export function toDateTimeLocal(epochMs: number, timeZone: string): string {
  const w = wallClock(epochMs, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * The instant a datetime-local value ('YYYY-MM-DDTHH:MM', optional ':SS') names on the
 * zone's wall clock, or null when it is malformed or names a time the clocks skipped.
 * A time that happens twice (clocks going back) is read as the first of the two.
 */
export function parseDateTimeLocal(value: string, timeZone: string): number | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m || !isDayKey(m[1]!)) return null;
  const [hour, minute, second] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return null;
  const [y, mo, d] = m[1]!.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, mo - 1, d, hour, minute, second);
  // As in startOfDay: try the offsets in force either side, keep those that map back to the wall time.
  const real = [wall - 14 * HOUR, wall + 14 * HOUR]
    .map((probe) => wall - zoneOffsetMs(probe, timeZone))
    .filter((c) => c + zoneOffsetMs(c, timeZone) === wall);
  return real.length > 0 ? Math.min(...real) : null;
}
