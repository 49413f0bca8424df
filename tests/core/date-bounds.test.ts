import { describe, expect, it } from 'vitest';
import { checkDateInBounds, checkDayInBounds, dateBounds } from '../../src/core/date-bounds.js';

const created = Date.parse('2026-03-15T12:00:00Z');
const now = Date.parse('2026-12-04T16:00:00Z');
const NY = 'America/New_York';

describe('dateBounds', () => {
  it('runs from New Year of the creation year minus 20 (page zone) to now plus 5 years', () => {
    const b = dateBounds(created, now, NY);
    expect(b.earliest).toBe(Date.parse('2006-01-01T05:00:00Z'));
    expect(b.latest).toBe(Date.parse('2031-12-04T16:00:00Z'));
    expect(b.timeZone).toBe(NY);
  });
});

describe('checkDateInBounds', () => {
  const b = dateBounds(created, now, NY);
  it.each(['0026-01-01T00:00:00Z', '0100-01-01T00:00:00Z', '1850-06-01T00:00:00Z', '2005-12-31T12:00:00Z'])('refuses %s as too far in the past, naming the range', (iso) => {
    expect(checkDateInBounds(Date.parse(iso), b)).toBe('That date is too far in the past; choose one between Jan 1, 2006 and Dec 4, 2031.');
  });
  it.each(['2031-12-05T00:00:00Z', '9999-12-31T00:00:00Z', '+275760-09-13T00:00:00Z'])('refuses %s as too far in the future', (iso) => {
    expect(checkDateInBounds(Date.parse(iso), b)).toMatch(/^That date is too far in the future; choose one between Jan 1, 2006 and Dec 4, 2031\.$/);
  });
  it('refuses what is not a number', () => {
    expect(checkDateInBounds(Number.NaN, b)).toMatch(/^That is not a date/);
  });
  it.each([b.earliest, b.latest, now, Date.parse('2010-05-05T00:00:00Z')])('accepts %d', (at) => {
    expect(checkDateInBounds(at, b)).toBeNull();
  });
});

describe('checkDayInBounds', () => {
  const b = dateBounds(created, now, NY);
  it.each([
    ['2006-01-01', null],
    ['2031-12-04', null],
    ['2005-12-31', 'past'],
    ['0026-01-31', 'past'],
    ['2031-12-05', 'future'],
    ['9999-01-01', 'future'],
  ] as const)('%s → %s', (day, verdict) => {
    const message = checkDayInBounds(day, b);
    if (verdict === null) expect(message).toBeNull();
    else expect(message).toContain(`too far in the ${verdict}; choose one between Jan 1, 2006 and Dec 4, 2031.`);
  });
});
