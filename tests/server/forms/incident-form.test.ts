import { describe, expect, it } from 'vitest';
import { MESSAGE_MAX, parseNewIncidentForm, parseUpdateForm, TITLE_MAX } from '../../../src/server/forms/incident-form.js';

const IDS = ['cmpsearch001', 'cmpemail0002'];

const validNew = (over: Record<string, string> = {}): Record<string, string> => ({
  title: 'Search is slow',
  severity: 'SEV2',
  impact: '',
  status: 'investigating',
  message: 'We are looking into it.',
  notify: 'on',
  'component:cmpsearch001': 'degraded_performance',
  'component:cmpemail0002': '',
  intent: 'publish',
  ...over,
});

const validUpdate = (over: Record<string, string> = {}): Record<string, string> => ({
  status: 'identified',
  message: 'Found it.',
  ...over,
});

function errorsOf(result: ReturnType<typeof parseNewIncidentForm> | ReturnType<typeof parseUpdateForm>): Record<string, string> {
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.value)}`);
  return { ...result.errors };
}

describe('parseNewIncidentForm', () => {
  it('accepts a valid form: trimmed text, changes only for set components, notify on, derived impact', () => {
    const r = parseNewIncidentForm(validNew({ title: '  Search is slow  ', message: '\n We are looking into it. \n' }), IDS);
    expect(r).toEqual({
      ok: true,
      value: {
        title: 'Search is slow',
        severity: 'SEV2',
        impactOverride: null,
        status: 'investigating',
        message: 'We are looking into it.',
        notify: true,
        changes: [{ componentId: 'cmpsearch001', status: 'degraded_performance' }],
      },
    });
  });

  it('treats a missing impact field as derived', () => {
    const { impact: _omit, ...form } = validNew();
    const r = parseNewIncidentForm(form, IDS);
    expect(r.ok && r.value.impactOverride).toBeNull();
  });

  it.each(['none', 'minor', 'major', 'critical'] as const)('accepts impact override %s', (impact) => {
    const r = parseNewIncidentForm(validNew({ impact }), IDS);
    expect(r.ok && r.value.impactOverride).toBe(impact);
  });

  it('refuses an impact that is not on the scale', () => {
    expect(errorsOf(parseNewIncidentForm(validNew({ impact: 'catastrophic' }), IDS))).toEqual({ impact: 'Choose an impact, or leave it derived.' });
  });

  // Regression: a hand-made POST could open an incident whose impact read "Maintenance" on the
  // page and in the Statuspage API, although the form never offers it.
  it('refuses the maintenance impact for an incident (the form does not offer it)', () => {
    expect(errorsOf(parseNewIncidentForm(validNew({ impact: 'maintenance' }), IDS))).toEqual({ impact: 'Choose an impact, or leave it derived.' });
  });

  it('refuses an empty or blank title', () => {
    const message = 'Give the incident a title customers will understand.';
    expect(errorsOf(parseNewIncidentForm(validNew({ title: '' }), IDS))).toEqual({ title: message });
    expect(errorsOf(parseNewIncidentForm(validNew({ title: '   ' }), IDS))).toEqual({ title: message });
    const { title: _omit, ...form } = validNew();
    expect(errorsOf(parseNewIncidentForm(form, IDS)).title).toBeDefined();
  });

  it(`accepts a title of ${TITLE_MAX} characters and refuses ${TITLE_MAX + 1}`, () => {
    expect(TITLE_MAX).toBe(200);
    expect(parseNewIncidentForm(validNew({ title: 'x'.repeat(200) }), IDS).ok).toBe(true);
    expect(errorsOf(parseNewIncidentForm(validNew({ title: 'x'.repeat(201) }), IDS))).toEqual({ title: 'Keep the title under 200 characters.' });
  });

  it.each(['', 'SEV5', 'sev1', 'critical'])('refuses severity %j', (severity) => {
    expect(errorsOf(parseNewIncidentForm(validNew({ severity }), IDS))).toEqual({ severity: 'Choose a severity.' });
  });

  it.each(['SEV1', 'SEV2', 'SEV3', 'SEV4'])('accepts severity %s', (severity) => {
    const r = parseNewIncidentForm(validNew({ severity }), IDS);
    expect(r.ok && r.value.severity).toBe(severity);
  });

  it('collects errors from every field at once', () => {
    expect(
      errorsOf(parseNewIncidentForm(validNew({ title: '', severity: 'x', status: 'x', message: '', 'component:cmpsearch001': 'broken' }), IDS)),
    ).toEqual({
      title: 'Give the incident a title customers will understand.',
      severity: 'Choose a severity.',
      status: 'Choose a status.',
      message: 'Write a message for customers.',
      'component:cmpsearch001': 'Choose a status from the list.',
    });
  });

  it('accepts an incident that changes no component', () => {
    const r = parseNewIncidentForm(validNew({ 'component:cmpsearch001': '' }), IDS);
    expect(r.ok && r.value.changes).toEqual([]);
  });
});

describe('parseUpdateForm', () => {
  it('accepts a valid update', () => {
    expect(parseUpdateForm(validUpdate({ notify: 'on', 'component:cmpemail0002': 'major_outage' }), IDS)).toEqual({
      ok: true,
      value: { status: 'identified', message: 'Found it.', notify: true, changes: [{ componentId: 'cmpemail0002', status: 'major_outage' }] },
    });
  });

  it.each(['investigating', 'identified', 'monitoring', 'resolved'])('accepts status %s', (status) => {
    expect(parseUpdateForm(validUpdate({ status }), IDS).ok).toBe(true);
  });

  it.each(['postmortem', '', 'Resolved', 'scheduled', 'completed'])('refuses status %j (postmortem only by publishing one)', (status) => {
    expect(errorsOf(parseUpdateForm(validUpdate({ status }), IDS))).toEqual({ status: 'Choose a status.' });
  });

  it('refuses a missing status', () => {
    expect(errorsOf(parseUpdateForm({ message: 'x' }, IDS))).toEqual({ status: 'Choose a status.' });
  });

  it('refuses an empty or blank message', () => {
    expect(errorsOf(parseUpdateForm(validUpdate({ message: '' }), IDS))).toEqual({ message: 'Write a message for customers.' });
    expect(errorsOf(parseUpdateForm(validUpdate({ message: ' \n\t ' }), IDS))).toEqual({ message: 'Write a message for customers.' });
  });

  it(`accepts a message of ${MESSAGE_MAX} characters and refuses ${MESSAGE_MAX + 1}`, () => {
    expect(MESSAGE_MAX).toBe(20_000);
    expect(parseUpdateForm(validUpdate({ message: 'm'.repeat(20_000) }), IDS).ok).toBe(true);
    expect(errorsOf(parseUpdateForm(validUpdate({ message: 'm'.repeat(20_001) }), IDS))).toEqual({ message: 'Keep the message under 20000 characters.' });
  });

  it('notify is true only for the checkbox value "on"; absent is false', () => {
    const on = parseUpdateForm(validUpdate({ notify: 'on' }), IDS);
    const off = parseUpdateForm(validUpdate(), IDS);
    expect(on.ok && on.value.notify).toBe(true);
    expect(off.ok && off.value.notify).toBe(false);
  });

  it('treats "" component values as "no change"', () => {
    const r = parseUpdateForm(validUpdate({ 'component:cmpsearch001': '', 'component:cmpemail0002': '' }), IDS);
    expect(r.ok && r.value.changes).toEqual([]);
  });

  it('ignores an empty value even for an unknown component id', () => {
    expect(parseUpdateForm(validUpdate({ 'component:gone': '' }), IDS).ok).toBe(true);
  });

  it('refuses an unknown component id, keyed by its field name', () => {
    expect(errorsOf(parseUpdateForm(validUpdate({ 'component:gone00000000': 'major_outage' }), IDS))).toEqual({
      'component:gone00000000': 'That component no longer exists; reload the page.',
    });
  });

  it.each(['broken', 'Operational', 'OPERATIONAL', 'resolved'])('refuses component status %j', (value) => {
    expect(errorsOf(parseUpdateForm(validUpdate({ 'component:cmpsearch001': value }), IDS))).toEqual({
      'component:cmpsearch001': 'Choose a status from the list.',
    });
  });

  it.each(['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'])('accepts component status %s', (value) => {
    const r = parseUpdateForm(validUpdate({ 'component:cmpsearch001': value }), IDS);
    expect(r.ok && r.value.changes).toEqual([{ componentId: 'cmpsearch001', status: value }]);
  });

  it('ignores fields it does not know', () => {
    const r = parseUpdateForm(validUpdate({ intent: 'publish', title: 'ignored', extra: 'x' }), IDS);
    expect(r).toEqual({ ok: true, value: { status: 'identified', message: 'Found it.', notify: false, changes: [] } });
  });
});
