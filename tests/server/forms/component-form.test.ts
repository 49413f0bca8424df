import { describe, expect, it } from 'vitest';
import { boundsAt } from '../../helpers/fixtures.js';
import { SLUG_MAX } from '../../../src/core/slug.js';
import {
  DESCRIPTION_MAX,
  NAME_MAX,
  parseComponentForm,
  parseNewComponentForm,
  parseStatusForm,
} from '../../../src/server/forms/component-form.js';

const BOUNDS = boundsAt('UTC', Date.UTC(2026, 10, 22, 14, 5));

const valid = (over: Record<string, string> = {}): Record<string, string> => ({
  kind: 'component',
  name: 'Search API',
  slug: 'search',
  description: 'Full-text search',
  group: 'grpbackend01',
  start_date: '2026-01-31',
  showcase: 'on',
  intent: 'save',
  ...over,
});

function errorsOf(result: { ok: true } | { ok: false; errors: Readonly<Record<string, string>> }): Record<string, string> {
  if (result.ok) throw new Error('expected errors');
  return { ...result.errors };
}

describe('parseComponentForm', () => {
  it('accepts a valid form: trimmed text, ticked boxes true, absent ones false', () => {
    expect(parseComponentForm(valid({ name: '  Search API ', description: ' Full-text search \n' }), false, BOUNDS)).toEqual({
      ok: true,
      value: {
        name: 'Search API',
        slug: 'search',
        description: 'Full-text search',
        groupId: 'grpbackend01',
        startDate: '2026-01-31',
        showcase: true,
        onlyShowIfDegraded: false,
      },
    });
  });

  it('reads empty optional fields as null and an unticked showcase as false', () => {
    const { showcase: _s, ...form } = valid({ description: '', group: '', start_date: '', only_if_degraded: 'on' });
    const r = parseComponentForm(form, false, BOUNDS);
    expect(r.ok && r.value).toMatchObject({ description: null, groupId: null, startDate: null, showcase: false, onlyShowIfDegraded: true });
  });

  it('makes the slug from the name when left empty, and lower-cases a typed one', () => {
    const fromName = parseComponentForm(valid({ slug: '', name: 'Payments & Billing (EU)' }), false, BOUNDS);
    expect(fromName.ok && fromName.value.slug).toBe('payments-billing-eu');
    const typed = parseComponentForm(valid({ slug: '  Search-EU ' }), false, BOUNDS);
    expect(typed.ok && typed.value.slug).toBe('search-eu');
  });

  it.each(['search api', 'search_api', '-search', 'séarch', 'a--b', 'x'.repeat(SLUG_MAX + 1)])('refuses the slug %j with a field error', (slug) => {
    expect(errorsOf(parseComponentForm(valid({ slug }), false, BOUNDS)).slug).toBe(
      `Use lower-case letters, digits and single hyphens, at most ${SLUG_MAX} characters (e.g. “payments-api”).`,
    );
  });

  it('asks for a slug when the name has nothing to make one from', () => {
    expect(errorsOf(parseComponentForm(valid({ slug: '', name: '日本' }), false, BOUNDS))).toEqual({
      slug: 'Give an address: the name has no letters or digits to make one from.',
    });
  });

  it('requires a name of at most 100 characters and a description of at most 500', () => {
    expect(errorsOf(parseComponentForm(valid({ name: '   ' }), false, BOUNDS)).name).toBe('Give the component a name.');
    const { name: _n, ...noName } = valid();
    expect(errorsOf(parseComponentForm(noName, false, BOUNDS)).name).toBe('Give the component a name.');
    expect(NAME_MAX).toBe(100);
    expect(parseComponentForm(valid({ name: 'n'.repeat(NAME_MAX) }), false, BOUNDS).ok).toBe(true);
    expect(errorsOf(parseComponentForm(valid({ name: 'n'.repeat(NAME_MAX + 1) }), false, BOUNDS)).name).toBe('Keep the name under 100 characters.');
    expect(DESCRIPTION_MAX).toBe(500);
    expect(parseComponentForm(valid({ description: 'd'.repeat(DESCRIPTION_MAX) }), false, BOUNDS).ok).toBe(true);
    expect(errorsOf(parseComponentForm(valid({ description: 'd'.repeat(DESCRIPTION_MAX + 1) }), false, BOUNDS)).description).toBe('Keep the description under 500 characters.');
  });

  it.each(['2026-02-30', '31/01/2026', '2026-1-5', 'yesterday'])('refuses the start date %j', (start_date) => {
    expect(errorsOf(parseComponentForm(valid({ start_date }), false, BOUNDS))).toEqual({
      start_date: 'Give the start date as YYYY-MM-DD, e.g. 2026-01-31, or leave it empty.',
    });
  });

  it('reports every bad field at once', () => {
    expect(Object.keys(errorsOf(parseComponentForm(valid({ name: '', slug: 'A B', description: 'd'.repeat(501), start_date: 'x' }), false, BOUNDS))).sort()).toEqual([
      'description',
      'name',
      'slug',
      'start_date',
    ]);
  });

  it('for a group, fixes the start date, bars and visibility rule but keeps a posted group for the use-case to refuse', () => {
    const { showcase: _s, ...form } = valid({ only_if_degraded: 'on' });
    const r = parseComponentForm(form, true, BOUNDS);
    expect(r.ok && r.value).toMatchObject({ startDate: null, showcase: true, onlyShowIfDegraded: false, groupId: 'grpbackend01' });
  });
});

describe('parseNewComponentForm', () => {
  it('creates a component or a group', () => {
    const leaf = parseNewComponentForm(valid(), BOUNDS);
    expect(leaf.ok && leaf.value.isGroup).toBe(false);
    const grp = parseNewComponentForm(valid({ kind: 'group', group: '' }), BOUNDS);
    expect(grp.ok && grp.value).toMatchObject({ isGroup: true, startDate: null });
  });

  it('requires a known kind, alongside the other errors', () => {
    expect(errorsOf(parseNewComponentForm(valid({ kind: 'folder', name: '' }), BOUNDS))).toEqual({ kind: 'Choose a component or a group.', name: 'Give the component a name.' });
    const { kind: _k, ...noKind } = valid();
    expect(errorsOf(parseNewComponentForm(noKind, BOUNDS))).toEqual({ kind: 'Choose a component or a group.' });
  });
});

describe('parseStatusForm', () => {
  it('accepts each component status', () => {
    for (const status of ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'] as const) {
      expect(parseStatusForm({ status, intent: 'status' })).toEqual({ ok: true, value: { status } });
    }
  });

  it.each(['', 'down', 'OPERATIONAL'])('refuses %j', (status) => {
    expect(parseStatusForm({ status })).toEqual({ ok: false, errors: { status: 'Choose a status from the list.' } });
  });
});
