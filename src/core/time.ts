/**
 * Calendar days in a named IANA time zone, computed with Intl only (no clock, no I/O).
 * A day key is 'YYYY-MM-DD'; instants are epoch milliseconds.
 */
export type DayKey = string;

const MS_PER_MINUTE = 60_000;
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
 * The instant the day begins in the zone. Where midnight itself is skipped by a DST
 * change, the first instant that exists that day.
 */
export function startOfDay(day: DayKey, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wallMidnightUtc = Date.UTC(y, m - 1, d);
  // Two refinements settle on the offset in force at local midnight.
  let guess = wallMidnightUtc - zoneOffsetMs(wallMidnightUtc, timeZone);
  guess = wallMidnightUtc - zoneOffsetMs(guess, timeZone);
  if (dayKeyOf(guess, timeZone) !== day) {
    // Midnight did not exist (spring-forward at 00:00): step forward to the first minute of the day.
    while (dayKeyOf(guess, timeZone) < day) guess += 15 * MS_PER_MINUTE;
  }
  return guess;
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
