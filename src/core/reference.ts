import { isDayKey, type DayKey } from './time.js';

export const REFERENCE_PREFIXES = ['INC', 'MNT'] as const;
export type ReferencePrefix = (typeof REFERENCE_PREFIXES)[number];

export interface Reference {
  readonly prefix: ReferencePrefix;
  readonly day: DayKey;
  readonly seq: number;
}

const PATTERN = /^(INC|MNT)-(\d{4})(\d{2})(\d{2})-(\d{3,})$/;

/** `INC-YYYYMMDD-NNN`: the day is the page-time-zone day the event started; NNN counts from 001. */
export function formatReference(prefix: ReferencePrefix, day: DayKey, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError(`sequence must be a positive integer, got ${seq}`);
  return `${prefix}-${day.replaceAll('-', '')}-${String(seq).padStart(3, '0')}`;
}

export function parseReference(value: string): Reference | null {
  const m = PATTERN.exec(value.trim().toUpperCase());
  if (!m) return null;
  const day = `${m[2]}-${m[3]}-${m[4]}`;
  const seq = Number(m[5]);
  if (!isDayKey(day) || seq < 1) return null;
  return { prefix: m[1] as ReferencePrefix, day, seq };
}

/** The next free reference for that day, given the references already taken (any days, any prefix). */
export function nextReference(prefix: ReferencePrefix, day: DayKey, taken: readonly string[]): string {
  let max = 0;
  for (const t of taken) {
    const r = parseReference(t);
    if (r && r.prefix === prefix && r.day === day && r.seq > max) max = r.seq;
  }
  return formatReference(prefix, day, max + 1);
}
