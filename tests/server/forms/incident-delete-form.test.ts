import { describe, expect, it } from 'vitest';
import { parseDeletionForm } from '../../../src/server/forms/incident-delete-form.js';

describe('parseDeletionForm', () => {
  it('confirms when the reference is typed, ignoring case and surrounding spaces', () => {
    expect(parseDeletionForm({ confirm: 'INC-20261122-001' }, 'INC-20261122-001')).toEqual({ ok: true, value: { confirmed: true } });
    expect(parseDeletionForm({ confirm: ' inc-20261122-001 ' }, 'INC-20261122-001').ok).toBe(true);
  });

  it.each<Record<string, string>>([{}, { confirm: '' }, { confirm: 'INC-20261122-002' }, { confirm: 'yes' }])('refuses %j, saying what to type', (form) => {
    expect(parseDeletionForm(form, 'INC-20261122-001')).toEqual({ ok: false, errors: { confirm: 'Type INC-20261122-001 to confirm.' } });
  });
});
