import { isDayKey, type DayKey } from './time.js';

export const REFERENCE_PREFIXES = ['INC', 'MNT'] as const;
export type ReferencePrefix = (typeof REFERENCE_PREFIXES)[number];

export interface Reference {
  readonly prefix: ReferencePrefix;
  readonly day: DayKey;
  readonly seq: number;
}

const PATTERN = /^(INC|MNT)-(\d{4})(\d{2})(\d{2})-(\d{3,})$/;

/** `INC-YYYYMMDD`: the references of one kind and day, under which the sequences issued are recorded. */
export function referenceDayPrefix(prefix: ReferencePrefix, day: DayKey): string {
  return `${prefix}-${day.replaceAll('-', '')}`;
}

/** `INC-YYYYMMDD-NNN`: the day is the page-time-zone day the event started; NNN counts from 001. */
export function formatReference(prefix: ReferencePrefix, day: DayKey, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError(`sequence must be a positive integer, got ${seq}`);
  return `${referenceDayPrefix(prefix, day)}-${String(seq).padStart(3, '0')}`;
}

export function parseReference(value: string): Reference | null {
  const m = PATTERN.exec(value.trim().toUpperCase());
  if (!m) return null;
  const day = `${m[2]}-${m[3]}-${m[4]}`;
  const seq = Number(m[5]);
  if (!isDayKey(day) || seq < 1) return null;
  return { prefix: m[1] as ReferencePrefix, day, seq };
}

/**
 * The next sequence for that day: past the highest ever issued for it (`lastIssued`, 0 for
 * none), so a deleted event's reference, which may sit in subscribers' inboxes, is never issued
 * again; and past every reference still `taken` (any days, any prefix), which covers events
 * stored before issued sequences were recorded.
 */
export function nextSequence(prefix: ReferencePrefix, day: DayKey, taken: readonly string[], lastIssued: number): number {
  let max = Number.isInteger(lastIssued) && lastIssued > 0 ? lastIssued : 0;
  for (const t of taken) {
    const r = parseReference(t);
    if (r && r.prefix === prefix && r.day === day && r.seq > max) max = r.seq;
  }
  return max + 1;
}

/** The reference `nextSequence` gives. */
export function nextReference(prefix: ReferencePrefix, day: DayKey, taken: readonly string[], lastIssued: number): string {
  return formatReference(prefix, day, nextSequence(prefix, day, taken, lastIssued));
}
