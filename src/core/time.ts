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
  let w: WallClock;
  if (m) {
    w = { year: Number(m[3]), month: Number(m[1]), day: Number(m[2]), hour: Number(m[4]) % 24, minute: Number(m[5]), second: Number(m[6]) };
  } else {
    // Anything else (an unexpected ICU pattern): read the parts one by one.
    const out: Record<string, number> = {};
    for (const p of formatter.formatToParts(new Date(epochMs))) {
      if (p.type !== 'literal') out[p.type] = Number(p.value);
    }
    w = { year: out.year!, month: out.month!, day: out.day!, hour: out.hour! % 24, minute: out.minute!, second: out.second! };
  }
  // Intl writes years before 1 as era years without the era (1 BC → 1, 2 BC → 2): the
  // astronomical year is 1 − that. The local date is within a day of the UTC one, which decides.
  if (new Date(epochMs).getUTCFullYear() < 2) {
    const bc = { ...w, year: 1 - w.year };
    if (Math.abs(utcMs(bc.year, bc.month, bc.day) - epochMs) < 2 * MS_PER_DAY) return bc;
  }
  return w;
}

/** 400 Gregorian years, in ms: the calendar repeats exactly after it. */
const GREGORIAN_CYCLE_MS = 146_097 * 86_400_000;

/**
 * `Date.UTC` (month 1–12) without its reading of years 0–99 as 1900–1999: such years are
 * computed 400 years later and moved back a whole calendar cycle.
 */
export function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  if (year >= 0 && year < 100) return Date.UTC(year + 400, month - 1, day, hour, minute, second) - GREGORIAN_CYCLE_MS;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** A year as ISO 8601 writes it: four digits for 0–9999, else signed six-digit (expanded) form. */
export function isoYear(year: number): string {
  if (year >= 0 && year <= 9999) return String(year).padStart(4, '0');
  return `${year < 0 ? '-' : '+'}${String(Math.abs(year)).padStart(6, '0')}`;
}

/** Year, month (1–12) and day of a day key 'YYYY-MM-DD' (or the expanded '±YYYYYY-MM-DD'). */
function splitDayKey(day: string): [number, number, number] {
  const m = /^([+-]?\d+)-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new RangeError(`not a day key: ${day}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function dayKeyOfUtc(t: Date): DayKey {
  return `${isoYear(t.getUTCFullYear())}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
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
  const asUtc = utcMs(w.year, w.month, w.day, w.hour, w.minute, w.second);
  return asUtc - (epochMs - (epochMs % 1000 + 1000) % 1000);
}

export function dayKeyOf(epochMs: number, timeZone: string): DayKey {
  const w = wallClock(epochMs, timeZone);
  return `${isoYear(w.year)}-${pad(w.month)}-${pad(w.day)}`;
}

export function isDayKey(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(utcMs(Number(m[1]), Number(m[2]), Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Calendar arithmetic on day keys; independent of any zone. */
export function addDays(day: DayKey, n: number): DayKey {
  const [y, m, d] = splitDayKey(day);
  return dayKeyOfUtc(new Date(utcMs(y, m, d) + n * MS_PER_DAY));
}

/**
 * The instant the day begins in the zone: the first instant whose local date is `day`.
 * Where local midnight happens twice (clocks go back at midnight) that is the first one;
 * where it is skipped (clocks go forward at midnight) it is the moment of the change.
 */
export function startOfDay(day: DayKey, timeZone: string): number {
  const [y, m, d] = splitDayKey(day);
  const wallMidnight = utcMs(y, m, d);
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
  return dayKeyOf(epochMs, timeZone).slice(0, -3);
}

/** Whole months from one month key to another (negative when `to` comes first). */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = splitDayKey(`${from}-01`);
  const [ty, tm] = splitDayKey(`${to}-01`);
  return (ty - fy) * 12 + (tm - fm);
}

export function addMonths(monthKey: string, n: number): string {
  const [y, m] = splitDayKey(`${monthKey}-01`);
  const months = y * 12 + (m - 1) + n;
  return dayKeyOfUtc(new Date(utcMs(Math.floor(months / 12), (((months % 12) + 12) % 12) + 1, 1))).slice(0, -3);
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
  return `${isoYear(w.year)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
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
  const [y, mo, d] = splitDayKey(m[1]!);
  const wall = utcMs(y, mo, d, hour, minute, second);
  // As in startOfDay: try the offsets in force either side, keep those that map back to the wall time.
  const real = [wall - 14 * HOUR, wall + 14 * HOUR]
    .map((probe) => wall - zoneOffsetMs(probe, timeZone))
    .filter((c) => c + zoneOffsetMs(c, timeZone) === wall);
  return real.length > 0 ? Math.min(...real) : null;
}
