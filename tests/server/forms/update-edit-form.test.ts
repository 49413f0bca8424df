import { describe, expect, it } from 'vitest';
import { MESSAGE_MAX } from '../../../src/server/forms/incident-form.js';
import { EDIT_MESSAGE_MAX, parseUpdateEditForm } from '../../../src/server/forms/update-edit-form.js';
import { boundsAt } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);
// Stored with seconds, as live updates are.
const STORED = Date.UTC(2026, 10, 22, 14, 5, 42, 123);
const NY = 'America/New_York';

function errorsOf(result: ReturnType<typeof parseUpdateEditForm>): Record<string, string> {
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.value)}`);
  return { ...result.errors };
}

describe('parseUpdateEditForm', () => {
  it('keeps the stored instant to the millisecond when the time field still shows it', () => {
    expect(parseUpdateEditForm({ message: ' New words. ', displayAt: '2026-11-22T14:05' }, STORED, boundsAt('UTC', NOW), NOW)).toEqual({
      ok: true,
      value: { message: 'New words.', displayAt: STORED },
    });
    expect(parseUpdateEditForm({ message: 'x', displayAt: '2026-11-22T09:05' }, STORED, boundsAt(NY, NOW), NOW)).toEqual({ ok: true, value: { message: 'x', displayAt: STORED } });
  });

  it('reads a changed time on the page zone’s wall clock', () => {
    expect(parseUpdateEditForm({ message: 'x', displayAt: '2026-11-22T09:20' }, STORED, boundsAt(NY, NOW), NOW)).toEqual({
      ok: true,
      value: { message: 'x', displayAt: Date.UTC(2026, 10, 22, 14, 20) },
    });
  });

  it('accepts the present minute, refuses a time in the future', () => {
    expect(parseUpdateEditForm({ message: 'x', displayAt: '2026-11-22T15:00' }, STORED, boundsAt('UTC', NOW), NOW).ok).toBe(true);
    expect(errorsOf(parseUpdateEditForm({ message: 'x', displayAt: '2026-11-22T15:01' }, STORED, boundsAt('UTC', NOW), NOW))).toEqual({
      displayAt: 'That time is in the future; an update can only be shown at a time it could have been posted.',
    });
  });

  it('refuses an empty or missing message, and one over the limit, naming it', () => {
    expect(errorsOf(parseUpdateEditForm({ message: '   ', displayAt: '2026-11-22T14:05' }, STORED, boundsAt('UTC', NOW), NOW))).toEqual({ message: 'Write a message for customers.' });
    expect(errorsOf(parseUpdateEditForm({ displayAt: '2026-11-22T14:05' }, STORED, boundsAt('UTC', NOW), NOW))).toEqual({ message: 'Write a message for customers.' });
    expect(parseUpdateEditForm({ message: 'x'.repeat(EDIT_MESSAGE_MAX), displayAt: '2026-11-22T14:05' }, STORED, boundsAt('UTC', NOW), NOW).ok).toBe(true);
    expect(errorsOf(parseUpdateEditForm({ message: 'x'.repeat(EDIT_MESSAGE_MAX + 1), displayAt: '2026-11-22T14:05' }, STORED, boundsAt('UTC', NOW), NOW))).toEqual({
      message: 'Keep the message under 20000 characters.',
    });
  });

  it('accepts any message the update form accepts: a posted update can always be corrected', () => {
    expect(EDIT_MESSAGE_MAX).toBe(MESSAGE_MAX);
    expect(parseUpdateEditForm({ message: 'x'.repeat(MESSAGE_MAX), displayAt: '2026-11-22T14:05' }, STORED, boundsAt('UTC', NOW), NOW).ok).toBe(true);
  });

  it('refuses a missing, malformed or skipped time, and reports both fields at once', () => {
    expect(errorsOf(parseUpdateEditForm({ message: 'x', displayAt: '' }, STORED, boundsAt('UTC', NOW), NOW))).toEqual({ displayAt: 'Enter a date and time.' });
    expect(errorsOf(parseUpdateEditForm({ message: 'x', displayAt: '22/11/2026 14:05' }, STORED, boundsAt('UTC', NOW), NOW))).toEqual({
      displayAt: 'Enter a date and time such as 2026-11-22T14:05.',
    });
    expect(errorsOf(parseUpdateEditForm({ message: 'x', displayAt: '2026-03-08T02:30' }, STORED, boundsAt(NY, NOW), NOW))).toEqual({
      displayAt: 'That time does not exist in America/New_York: the clocks skipped it. Choose another.',
    });
    expect(Object.keys(errorsOf(parseUpdateEditForm({ message: '', displayAt: 'soon' }, STORED, boundsAt('UTC', NOW), NOW))).sort()).toEqual(['displayAt', 'message']);
  });
});
