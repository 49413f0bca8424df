import { describe, expect, it } from 'vitest';
import { EMAIL_MAX, HONEYPOT_FIELD, parseChoice, parseSubscribeForm } from '../../../src/server/forms/subscribe-form.js';

const IDS = ['cmpsearch001', 'cmpemail0002', 'cmpweb000003'];

function errorsOf(result: ReturnType<typeof parseSubscribeForm>): Record<string, string> {
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.value)}`);
  return { ...result.errors };
}

describe('parseSubscribeForm: email', () => {
  it('accepts an address, trimmed (case is left to the use-case)', () => {
    expect(parseSubscribeForm({ email: '  Ana@Example.com \n', scope: 'all' }, IDS)).toEqual({
      ok: true,
      value: { email: 'Ana@Example.com', choice: { allComponents: true, componentIds: [] }, bot: false },
    });
  });

  it.each(['a@b.co', 'first.last+tag@sub.example.co.uk', 'o\'brien@example.ie', 'ünïcødé@exämple.de'])('accepts %s', (email) => {
    expect(parseSubscribeForm({ email, scope: 'all' }, IDS).ok).toBe(true);
  });

  it('asks for an address when it is missing or blank', () => {
    const forms: Record<string, string>[] = [{ scope: 'all' }, { email: '', scope: 'all' }, { email: '   \t\n', scope: 'all' }];
    for (const form of forms) {
      expect(errorsOf(parseSubscribeForm(form, IDS))).toEqual({ email: 'Enter your email address.' });
    }
  });

  it.each([
    ['no at sign', 'ana.example.com'],
    ['nothing before the at', '@example.com'],
    ['nothing after the at', 'ana@'],
    ['no dot in the domain', 'ana@localhost'],
    ['domain ends with the dot', 'ana@example.'],
    ['two at signs', 'ana@b@example.com'],
    ['an inner space', 'ana smith@example.com'],
    ['a tab', 'ana\t@example.com'],
    ['a line break (header injection)', 'ana@example.com\nBcc: all@example.com'],
    ['a carriage return', 'ana@example.com\rx'],
    ['a NUL', 'ana\u0000@example.com'],
    ['an escape', 'ana@exam\u001bple.com'],
    ['DEL', 'ana@example.com\u007f'],
    ['a C1 control', 'ana@example\u0085.com'],
    ['a display name', 'Ana <ana@example.com>'],
  ])('refuses %s', (_why, email) => {
    expect(errorsOf(parseSubscribeForm({ email, scope: 'all' }, IDS))).toEqual({ email: 'That does not look like an email address (name@example.com).' });
  });

  it(`accepts ${EMAIL_MAX} characters and refuses one more`, () => {
    const local = 'a'.repeat(64);
    const at = (n: number): string => `${local}@${'b'.repeat(n - local.length - 1 - 4)}.com`;
    expect(at(EMAIL_MAX)).toHaveLength(EMAIL_MAX);
    expect(parseSubscribeForm({ email: at(EMAIL_MAX), scope: 'all' }, IDS).ok).toBe(true);
    expect(errorsOf(parseSubscribeForm({ email: at(EMAIL_MAX + 1), scope: 'all' }, IDS)).email).toBe(`An email address has at most ${EMAIL_MAX} characters.`);
  });

  it('refuses a huge value with the length message', () => {
    expect(errorsOf(parseSubscribeForm({ email: `${'a'.repeat(1_000_000)}@example.com`, scope: 'all' }, IDS)).email).toBe(
      `An email address has at most ${EMAIL_MAX} characters.`,
    );
  });

  it('refuses a huge value quickly, whatever its shape (no regular-expression backtracking blow-up)', () => {
    // Many dots after the "@" and a final character the pattern cannot end on: quadratic for a backtracking pattern.
    const hostile = `a@${'a.'.repeat(10_000)}@`;
    const started = performance.now();
    const result = parseSubscribeForm({ email: hostile, scope: 'all' }, IDS);
    const elapsed = performance.now() - started;
    expect(result.ok).toBe(false);
    // A linear check takes a few milliseconds; the backtracking one several hundred on this input.
    expect(elapsed).toBeLessThan(150);
  });
});

describe('parseSubscribeForm: component choice', () => {
  it('takes "all" when no scope is sent', () => {
    const r = parseSubscribeForm({ email: 'a@b.co' }, IDS);
    expect(r.ok && r.value.choice).toEqual({ allComponents: true, componentIds: [] });
  });

  it('ignores ticked components when the scope is "all"', () => {
    const r = parseSubscribeForm({ email: 'a@b.co', scope: 'all', 'component:cmpsearch001': 'on' }, IDS);
    expect(r.ok && r.value.choice).toEqual({ allComponents: true, componentIds: [] });
  });

  it('takes the ticked components with scope "some", in form order', () => {
    const r = parseSubscribeForm({ email: 'a@b.co', scope: 'some', 'component:cmpweb000003': 'on', 'component:cmpsearch001': 'on' }, IDS);
    expect(r.ok && r.value.choice).toEqual({ allComponents: false, componentIds: ['cmpweb000003', 'cmpsearch001'] });
  });

  it('asks for at least one component with scope "some" and none ticked', () => {
    expect(errorsOf(parseSubscribeForm({ email: 'a@b.co', scope: 'some' }, IDS))).toEqual({ scope: 'Pick at least one component, or choose all of them.' });
  });

  it('refuses a component that does not exist (any more), even beside valid ones', () => {
    expect(errorsOf(parseSubscribeForm({ email: 'a@b.co', scope: 'some', 'component:cmpsearch001': 'on', 'component:gone00000000': 'on' }, IDS))).toEqual({
      scope: 'A chosen component no longer exists; reload the page and choose again.',
    });
    expect(errorsOf(parseSubscribeForm({ email: 'a@b.co', scope: 'some', 'component:': 'on' }, IDS)).scope).toBe(
      'A chosen component no longer exists; reload the page and choose again.',
    );
  });

  it('refuses an unknown scope', () => {
    for (const scope of ['none', 'ALL', '', 'some ']) {
      expect(errorsOf(parseSubscribeForm({ email: 'a@b.co', scope }, IDS))).toEqual({ scope: 'Choose “all components” or pick some.' });
    }
  });

  it('reports email and choice errors together', () => {
    expect(errorsOf(parseSubscribeForm({ email: 'nope', scope: 'some' }, IDS))).toEqual({
      email: 'That does not look like an email address (name@example.com).',
      scope: 'Pick at least one component, or choose all of them.',
    });
  });
});

describe('parseSubscribeForm: honeypot', () => {
  it(`flags a filled "${HONEYPOT_FIELD}" field as a bot, without an error (the bot must not learn)`, () => {
    const r = parseSubscribeForm({ email: 'a@b.co', scope: 'all', [HONEYPOT_FIELD]: 'http://spam.example' }, IDS);
    expect(r).toEqual({ ok: true, value: { email: 'a@b.co', choice: { allComponents: true, componentIds: [] }, bot: true } });
  });

  it('treats an empty or absent honeypot as a person', () => {
    expect(parseSubscribeForm({ email: 'a@b.co', [HONEYPOT_FIELD]: '' }, IDS)).toMatchObject({ ok: true, value: { bot: false } });
    expect(parseSubscribeForm({ email: 'a@b.co' }, IDS)).toMatchObject({ ok: true, value: { bot: false } });
  });

  it('still validates a bot\'s submission (an invalid one gets the usual errors)', () => {
    expect(errorsOf(parseSubscribeForm({ email: 'nope', [HONEYPOT_FIELD]: 'x' }, IDS))).toEqual({ email: 'That does not look like an email address (name@example.com).' });
  });
});

describe('parseChoice', () => {
  it('adds its error to the errors it is given, leaving others in place', () => {
    const errors: Record<string, string> = { email: 'earlier' };
    const choice = parseChoice({ scope: 'some', 'component:nope': 'on' }, IDS, errors);
    expect(choice).toEqual({ allComponents: false, componentIds: ['nope'] });
    expect(errors).toEqual({ email: 'earlier', scope: 'A chosen component no longer exists; reload the page and choose again.' });
  });

  it('leaves the errors alone for a valid choice (the manage form reuses it)', () => {
    const errors: Record<string, string> = {};
    expect(parseChoice({ scope: 'some', 'component:cmpemail0002': 'on', other: 'x' }, IDS, errors)).toEqual({ allComponents: false, componentIds: ['cmpemail0002'] });
    expect(errors).toEqual({});
  });
});
