import { describe, expect, it } from 'vitest';
import { BACKFILL_ROWS, parseBackfillForm, rowField } from '../../../src/server/forms/backfill-form.js';
import { boundsAt } from '../../helpers/fixtures.js';

const IDS = ['cmpsearch001', 'cmpemail0002'];
const NOW = Date.UTC(2026, 10, 22, 15, 0);

const valid = (over: Record<string, string> = {}): Record<string, string> => ({
  title: 'Search outage',
  severity: 'SEV2',
  startedAt: '2026-11-20T09:00',
  'component:cmpsearch001': 'major_outage',
  'component:cmpemail0002': '',
  'update1.status': 'investigating',
  'update1.at': '2026-11-20T09:05',
  'update1.message': 'Searches fail.',
  'update2.status': 'identified',
  'update2.at': '',
  'update2.message': '',
  'update3.status': 'monitoring',
  'update4.status': 'resolved',
  'update4.at': '2026-11-20T11:00',
  'update4.message': ' Fixed. ',
  ...over,
});

function errorsOf(result: ReturnType<typeof parseBackfillForm>): Record<string, string> {
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.value)}`);
  return { ...result.errors };
}

describe('parseBackfillForm', () => {
  it('reads the filled rows only, in the page zone, with the component statuses', () => {
    expect(parseBackfillForm(valid(), IDS, boundsAt('UTC', NOW), NOW)).toEqual({
      ok: true,
      value: {
        title: 'Search outage',
        severity: 'SEV2',
        startedAt: Date.UTC(2026, 10, 20, 9, 0),
        changes: [{ componentId: 'cmpsearch001', status: 'major_outage' }],
        updates: [
          { row: 1, status: 'investigating', at: Date.UTC(2026, 10, 20, 9, 5), message: 'Searches fail.' },
          { row: 4, status: 'resolved', at: Date.UTC(2026, 10, 20, 11, 0), message: 'Fixed.' },
        ],
      },
    });
    const ny = parseBackfillForm(valid(), IDS, boundsAt('America/New_York', NOW), NOW);
    expect(ny.ok && ny.value.startedAt).toBe(Date.UTC(2026, 10, 20, 14, 0));
  });

  it('names the fields of every row', () => {
    expect(rowField(3, 'at')).toBe('update3.at');
    expect(BACKFILL_ROWS).toBeGreaterThanOrEqual(4);
  });

  it('refuses a half-filled row, field by field, rather than dropping it', () => {
    expect(errorsOf(parseBackfillForm(valid({ 'update2.message': 'We found it.' }), IDS, boundsAt('UTC', NOW), NOW))).toEqual({ 'update2.at': 'Enter a date and time.' });
    expect(errorsOf(parseBackfillForm(valid({ 'update2.at': '2026-11-20T09:30' }), IDS, boundsAt('UTC', NOW), NOW))).toEqual({ 'update2.message': 'Write a message for customers.' });
    expect(errorsOf(parseBackfillForm(valid({ 'update5.at': '2026-11-20T12:00', 'update5.message': 'Again.' }), IDS, boundsAt('UTC', NOW), NOW))).toEqual({
      'update5.status': 'Choose a status.',
    });
  });

  it('refuses a missing title, severity and start with their messages', () => {
    expect(errorsOf(parseBackfillForm(valid({ title: ' ', severity: 'SEV9', startedAt: 'yesterday' }), IDS, boundsAt('UTC', NOW), NOW))).toEqual({
      title: 'Give the incident a title customers will understand.',
      severity: 'Choose a severity.',
      startedAt: 'Enter a date and time such as 2026-11-22T14:05.',
    });
  });

  it('refuses an unknown component', () => {
    expect(errorsOf(parseBackfillForm(valid({ 'component:nosuchcompo0': 'major_outage' }), IDS, boundsAt('UTC', NOW), NOW))).toEqual({
      'component:nosuchcompo0': 'That component no longer exists; reload the page.',
    });
  });

  it('puts timeline problems next to the row they concern', () => {
    expect(errorsOf(parseBackfillForm(valid({ 'update4.at': '2026-11-20T09:00' }), IDS, boundsAt('UTC', NOW), NOW))).toEqual({
      'update4.at': 'Updates must be in order: this one is before the previous update (Nov 20, 2026, 09:05 UTC).',
    });
    expect(errorsOf(parseBackfillForm(valid({ 'update4.status': 'monitoring' }), IDS, boundsAt('UTC', NOW), NOW))).toEqual({
      'update4.status': 'A past incident must end with a Resolved update.',
    });
    expect(errorsOf(parseBackfillForm(valid({ 'update4.at': '2026-11-22T15:01' }), IDS, boundsAt('UTC', NOW), NOW))).toEqual({
      'update4.at': 'This time is in the future; every update of a past incident must already have happened.',
    });
    expect(errorsOf(parseBackfillForm(valid({ 'update1.at': '2026-11-20T08:59' }), IDS, boundsAt('UTC', NOW), NOW))).toEqual({
      'update1.at': 'The first update cannot come before the incident started (Nov 20, 2026, 09:00 UTC).',
    });
    expect(errorsOf(parseBackfillForm(valid({ startedAt: '2026-11-23T09:00' }), IDS, boundsAt('UTC', NOW), NOW))).toMatchObject({
      startedAt: 'The start is in the future; a past incident must already have happened.',
    });
  });

  it('refuses a form with no update, and components with only the resolution', () => {
    expect(errorsOf(parseBackfillForm(valid({ 'update1.at': '', 'update1.message': '', 'update4.at': '', 'update4.message': '' }), IDS, boundsAt('UTC', NOW), NOW))).toEqual({
      updates: 'Add the updates customers saw, ending with the one that resolved it.',
    });
    expect(errorsOf(parseBackfillForm(valid({ 'update1.at': '', 'update1.message': '' }), IDS, boundsAt('UTC', NOW), NOW))).toEqual({
      updates: 'To record how components were affected, add the first update customers saw as well as the one that resolved it.',
    });
    const noComponents = parseBackfillForm(valid({ 'update1.at': '', 'update1.message': '', 'component:cmpsearch001': '' }), IDS, boundsAt('UTC', NOW), NOW);
    expect(noComponents.ok).toBe(true);
  });
});
