import { describe, expect, it } from 'vitest';
import { CADENCE_MAX_MINUTES } from '../../../src/core/cadence.js';
import { PAGE_DESCRIPTION_MAX, PAGE_NAME_MAX, parseSettingsForm } from '../../../src/server/forms/settings-form.js';

const valid = (over: Record<string, string> = {}): Record<string, string> => ({
  name: 'Acme Status',
  url: 'https://status.acme.example',
  time_zone: 'Europe/Berlin',
  description: 'Is Acme up?',
  support_url: 'https://acme.example/help',
  brand_color: '#1F6FEB',
  logo_url: '/logo.svg',
  'cadence:SEV1': '15',
  'cadence:SEV2': '30',
  'cadence:SEV3': '120',
  'cadence:SEV4': '',
  ...over,
});

function errorsOf(result: ReturnType<typeof parseSettingsForm>): Record<string, string> {
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.value)}`);
  return { ...result.errors };
}

describe('parseSettingsForm', () => {
  it('accepts a valid form: colour lower-cased, cadence in minutes, empty cadence = none', () => {
    expect(parseSettingsForm(valid())).toEqual({
      ok: true,
      value: {
        name: 'Acme Status',
        url: 'https://status.acme.example',
        timeZone: 'Europe/Berlin',
        description: 'Is Acme up?',
        supportUrl: 'https://acme.example/help',
        brandColor: '#1f6feb',
        logoUrl: '/logo.svg',
        cadence: { SEV1: 15, SEV2: 30, SEV3: 120, SEV4: null },
      },
    });
  });

  it('reads empty optional fields as null', () => {
    const r = parseSettingsForm(valid({ url: '', description: ' ', support_url: '', brand_color: '', logo_url: '' }));
    expect(r.ok && r.value).toMatchObject({ url: null, description: null, supportUrl: null, brandColor: null, logoUrl: null });
  });

  it('stores the time zone as Intl spells it', () => {
    const r = parseSettingsForm(valid({ time_zone: ' america/new_york ' }));
    expect(r.ok && r.value.timeZone).toBe('America/New_York');
  });

  it.each(['Mars/Olympus', 'Europe/Berlinn', '+05:00', 'GMT+25'])('refuses the unknown time zone %j', (time_zone) => {
    expect(errorsOf(parseSettingsForm(valid({ time_zone })))).toEqual({
      time_zone: 'That is not a time zone we know; use a name such as Europe/Berlin or America/New_York.',
    });
  });

  it('requires a name and a time zone', () => {
    expect(errorsOf(parseSettingsForm(valid({ name: ' ', time_zone: '' })))).toEqual({ name: 'Give the page a name.', time_zone: 'Choose a time zone.' });
    expect(errorsOf(parseSettingsForm(valid({ name: 'n'.repeat(PAGE_NAME_MAX + 1) }))).name).toBe('Keep the name under 100 characters.');
    expect(errorsOf(parseSettingsForm(valid({ description: 'd'.repeat(PAGE_DESCRIPTION_MAX + 1) }))).description).toBe('Keep the description under 500 characters.');
  });

  it.each(['status.acme.example', 'ftp://acme.example', 'javascript:alert(1)', '/status', 'https://'])('refuses the public URL %j', (url) => {
    expect(Object.keys(errorsOf(parseSettingsForm(valid({ url }))))).toEqual(['url']);
  });

  it.each(['http://acme.example', 'https://acme.example/help?x=1', 'mailto:help@acme.example'])('accepts the support link %j', (support_url) => {
    expect(parseSettingsForm(valid({ support_url })).ok).toBe(true);
  });

  it.each(['javascript:alert(1)', 'mailto:nobody', 'acme.example/help', 'data:text/html,hi', '//acme.example'])('refuses the support link %j', (support_url) => {
    expect(Object.keys(errorsOf(parseSettingsForm(valid({ support_url }))))).toEqual(['support_url']);
  });

  it.each(['#fff', '1f6feb', '#1f6feg', 'red', '#1f6feb;background:url(x)', 'var(--x)'])('refuses the brand colour %j (only #rrggbb reaches the inline style)', (brand_color) => {
    expect(errorsOf(parseSettingsForm(valid({ brand_color })))).toEqual({ brand_color: 'Give the colour as # and six hex digits, e.g. #1f6feb, or leave it empty.' });
  });

  it.each(['https://cdn.acme.example/logo.png', 'http://acme.example/l.svg', '/brand/logo.svg', '/'])('accepts the logo %j', (logo_url) => {
    expect(parseSettingsForm(valid({ logo_url })).ok).toBe(true);
  });

  it.each(['logo.svg', '//evil.example/x.png', '/\\evil.example', 'javascript:alert(1)', 'data:image/png;base64,AAAA', '/a b.png'])('refuses the logo %j', (logo_url) => {
    expect(Object.keys(errorsOf(parseSettingsForm(valid({ logo_url }))))).toEqual(['logo_url']);
  });

  it.each(['0', '-5', '1.5', 'ten', String(CADENCE_MAX_MINUTES + 1), '1e3'])('refuses the cadence %j next to its severity', (minutes) => {
    expect(errorsOf(parseSettingsForm(valid({ 'cadence:SEV2': minutes })))).toEqual({
      'cadence:SEV2': `Give whole minutes from 1 to ${CADENCE_MAX_MINUTES}, or leave it empty for no fixed cadence.`,
    });
  });

  it('treats a missing cadence field as no fixed cadence', () => {
    const { 'cadence:SEV3': _omit, ...form } = valid();
    const r = parseSettingsForm(form);
    expect(r.ok && r.value.cadence.SEV3).toBeNull();
  });
});
