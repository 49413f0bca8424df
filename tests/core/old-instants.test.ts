import { describe, expect, it } from 'vitest';
import { formatIsoInZone } from '../../src/core/format.js';
import { formatReference, parseReference } from '../../src/core/reference.js';
import { addDays, addMonths, dayKeyOf, isDayKey, monthKeyOf, parseDateTimeLocal, startOfDay, toDateTimeLocal, zoneOffsetMs } from '../../src/core/time.js';

/**
 * Instants long before time zones were standardised (New York kept local mean time, −4:56:02,
 * until 1883), or in years 0–99 that `Date.UTC` reads as 19xx: stored data may hold them, and
 * every page, feed and reference built from them must still be well-formed.
 */
const NY = 'America/New_York';
/** RFC 3339 date-time with a whole-minute offset. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/;

const CASES = ['0026-03-01T12:00:00.000Z', '0100-01-01T12:00:00.000Z', '1850-06-01T12:34:56.789Z', '1883-11-18T16:59:59.999Z', '9999-12-31T12:00:00.000Z'] as const;

describe('formatIsoInZone for instants before standard time', () => {
  it.each(CASES)('%s in New York is RFC 3339 and names the same instant', (iso) => {
    const ms = Date.parse(iso);
    const out = formatIsoInZone(ms, NY);
    expect(out).toMatch(RFC3339);
    expect(Date.parse(out)).toBe(ms);
  });

  it('rounds local mean time (−4:56:02) to a whole-minute offset', () => {
    expect(formatIsoInZone(Date.parse('1850-06-01T12:00:00.000Z'), NY)).toBe('1850-06-01T07:04:00.000-04:56');
  });

  it('writes years past 9999 in the extended form Date.parse reads', () => {
    const ms = 8_640_000_000_000_000;
    expect(Date.parse(formatIsoInZone(ms, 'UTC'))).toBe(ms);
  });
});

describe('day keys of old instants', () => {
  it('pads the year to four digits', () => {
    expect(dayKeyOf(Date.parse('0100-01-01T12:00:00Z'), NY)).toBe('0100-01-01');
    expect(monthKeyOf(Date.parse('0026-03-01T12:00:00Z'), 'UTC')).toBe('0026-03');
  });

  it('reads years 0–99 as themselves, not 19xx', () => {
    expect(isDayKey('0026-01-31')).toBe(true);
    expect(addDays('0026-02-28', 1)).toBe('0026-03-01');
    expect(addMonths('0026-01', -1)).toBe('0025-12');
    expect(startOfDay('0026-01-31', 'UTC')).toBe(Date.parse('0026-01-31T00:00:00Z'));
    expect(parseDateTimeLocal('0026-01-31T10:00', 'UTC')).toBe(Date.parse('0026-01-31T10:00:00Z'));
    expect(toDateTimeLocal(Date.parse('0026-01-31T10:00:00Z'), 'UTC')).toBe('0026-01-31T10:00');
  });

  it('gives an offset of under a day for any year', () => {
    for (const iso of CASES) expect(Math.abs(zoneOffsetMs(Date.parse(iso), NY))).toBeLessThan(86_400_000);
  });

  it('reads years before 1 (BC) with their sign', () => {
    expect(dayKeyOf(Date.parse('-000005-06-01T12:00:00Z'), 'UTC')).toBe('-000005-06-01');
  });
});

describe('references for old days', () => {
  it('stay well-formed and parse back', () => {
    const day = dayKeyOf(Date.parse('0100-01-01T12:00:00Z'), NY);
    const ref = formatReference('INC', day, 1);
    expect(ref).toBe('INC-01000101-001');
    expect(parseReference(ref)).toEqual({ prefix: 'INC', day: '0100-01-01', seq: 1 });
  });
});
