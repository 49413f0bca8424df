import { describe, expect, it } from 'vitest';
import { MESSAGE_MAX, TITLE_MAX } from '../../../src/server/forms/incident-form.js';
import { parseMaintenanceUpdateForm, parseNewMaintenanceForm } from '../../../src/server/forms/maintenance-form.js';
import { boundsAt } from '../../helpers/fixtures.js';

const IDS = ['cmpsearch001', 'cmpemail0002'];
const NOW = Date.UTC(2026, 10, 22, 14, 5);

const valid = (over: Record<string, string> = {}): Record<string, string> => ({
  title: 'Database upgrade',
  starts_at: '2026-11-23T02:00',
  ends_at: '2026-11-23T04:30',
  'affects:cmpsearch001': 'on',
  message: 'We will upgrade the database.',
  notify: 'on',
  auto_start: 'on',
  auto_complete: 'on',
  intent: 'publish',
  ...over,
});

function errorsOf(result: ReturnType<typeof parseNewMaintenanceForm> | ReturnType<typeof parseMaintenanceUpdateForm>): Record<string, string> {
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.value)}`);
  return { ...result.errors };
}

describe('parseNewMaintenanceForm', () => {
  it('reads the window in the page zone, the ticked components and the three switches', () => {
    expect(parseNewMaintenanceForm(valid({ title: ' Database upgrade ' }), IDS, boundsAt('Europe/Berlin', NOW), NOW)).toEqual({
      ok: true,
      value: {
        title: 'Database upgrade',
        scheduledFor: Date.UTC(2026, 10, 23, 1, 0),
        scheduledUntil: Date.UTC(2026, 10, 23, 3, 30),
        componentIds: ['cmpsearch001'],
        message: 'We will upgrade the database.',
        notify: true,
        autoStart: true,
        autoComplete: true,
      },
    });
  });

  it('reads unticked boxes (absent from the form) as off', () => {
    const { notify: _n, auto_start: _s, auto_complete: _c, 'affects:cmpsearch001': _a, ...form } = valid();
    const r = parseNewMaintenanceForm(form, IDS, boundsAt('UTC', NOW), NOW);
    expect(r.ok && r.value).toMatchObject({ notify: false, autoStart: false, autoComplete: false, componentIds: [] });
  });

  it('accepts a window that has begun but not ended', () => {
    expect(parseNewMaintenanceForm(valid({ starts_at: '2026-11-22T13:00', ends_at: '2026-11-22T15:00' }), IDS, boundsAt('UTC', NOW), NOW).ok).toBe(true);
  });

  it('refuses missing or malformed times', () => {
    expect(errorsOf(parseNewMaintenanceForm(valid({ starts_at: '', ends_at: 'soon' }), IDS, boundsAt('UTC', NOW), NOW))).toEqual({
      starts_at: 'Give the start as a date and time.',
      ends_at: 'Give the end as a date and time (YYYY-MM-DD HH:MM).',
    });
    expect(errorsOf(parseNewMaintenanceForm(valid({ starts_at: '2026-02-30T10:00' }), IDS, boundsAt('UTC', NOW), NOW))).toEqual({
      starts_at: 'Give the start as a date and time (YYYY-MM-DD HH:MM).',
    });
  });

  it('refuses a time the clocks skip in the page zone, saying so', () => {
    expect(errorsOf(parseNewMaintenanceForm(valid({ starts_at: '2027-03-28T02:30', ends_at: '2027-03-28T05:00' }), IDS, boundsAt('Europe/Berlin', NOW), NOW))).toEqual({
      starts_at: '2027-03-28 02:30 does not exist in Europe/Berlin (the clocks skip it); choose another time.',
    });
  });

  it('refuses a window that ends before it starts, or has already ended', () => {
    expect(errorsOf(parseNewMaintenanceForm(valid({ ends_at: '2026-11-23T02:00' }), IDS, boundsAt('UTC', NOW), NOW))).toEqual({ ends_at: 'The window must end after it starts.' });
    expect(errorsOf(parseNewMaintenanceForm(valid({ starts_at: '2026-11-22T10:00', ends_at: '2026-11-22T14:05' }), IDS, boundsAt('UTC', NOW), NOW))).toEqual({
      ends_at: 'This window has already ended; choose an end in the future.',
    });
  });

  it('refuses empty and over-long text', () => {
    expect(errorsOf(parseNewMaintenanceForm(valid({ title: '', message: ' ' }), IDS, boundsAt('UTC', NOW), NOW))).toEqual({
      title: 'Give the maintenance a title customers will understand.',
      message: 'Write a message for customers.',
    });
    expect(errorsOf(parseNewMaintenanceForm(valid({ title: 'x'.repeat(TITLE_MAX + 1), message: 'y'.repeat(MESSAGE_MAX + 1) }), IDS, boundsAt('UTC', NOW), NOW))).toEqual({
      title: 'Keep the title under 200 characters.',
      message: 'Keep the message under 20000 characters.',
    });
  });

  it('refuses a component that is not on the page, next to its box', () => {
    expect(errorsOf(parseNewMaintenanceForm(valid({ 'affects:nosuchcompo0': 'on' }), IDS, boundsAt('UTC', NOW), NOW))).toEqual({
      'affects:nosuchcompo0': 'That component no longer exists; reload the page.',
    });
  });
});

describe('parseMaintenanceUpdateForm', () => {
  it('accepts a maintenance status, the message, notify and component changes', () => {
    expect(parseMaintenanceUpdateForm({ status: 'in_progress', message: ' Started. ', 'component:cmpsearch001': 'under_maintenance', 'component:cmpemail0002': '' }, IDS)).toEqual({
      ok: true,
      value: { status: 'in_progress', message: 'Started.', notify: false, changes: [{ componentId: 'cmpsearch001', status: 'under_maintenance' }] },
    });
  });

  it('refuses incident statuses and bad component fields', () => {
    expect(errorsOf(parseMaintenanceUpdateForm({ status: 'resolved', message: 'x', 'component:cmpsearch001': 'broken' }, IDS))).toEqual({
      status: 'Choose a status.',
      'component:cmpsearch001': 'Choose a status from the list.',
    });
  });
});
