import { describe, expect, it } from 'vitest';
import {
  describePlaceholders,
  fillTemplate,
  listNames,
  PLACEHOLDERS,
  PLACEHOLDERS_BY_KIND,
  placeholderValuesOf,
  templateKey,
  unknownPlaceholders,
} from '../../src/core/template.js';

describe('fillTemplate', () => {
  it('fills every known placeholder, each occurrence', () => {
    const text = 'Problems with {{components}} since {{started_at}} ({{duration}}); next by {{next_update}}. Again: {{components}}.';
    expect(
      fillTemplate(text, { components: 'Search and Email', started_at: 'Nov 22, 2026, 14:05 UTC', duration: '45 min', next_update: 'Nov 22, 2026, 14:35 UTC' }),
    ).toBe('Problems with Search and Email since Nov 22, 2026, 14:05 UTC (45 min); next by Nov 22, 2026, 14:35 UTC. Again: Search and Email.');
  });

  it('tolerates spaces inside the braces', () => {
    expect(fillTemplate('A {{ components }} B {{components  }} C {{  duration}}', { components: 'API', duration: '5 min' })).toBe('A API B API C 5 min');
  });

  it('leaves unknown placeholders as written', () => {
    expect(fillTemplate('Hi {{customer}} about {{components}}', { components: 'API' })).toBe('Hi {{customer}} about API');
  });

  it('leaves a placeholder with no value or an empty value as written', () => {
    expect(fillTemplate('Next by {{next_update}}, since {{ started_at }}', { next_update: '' })).toBe('Next by {{next_update}}, since {{ started_at }}');
  });

  it('leaves text without placeholders, and odd braces, alone', () => {
    expect(fillTemplate('No placeholders here.', { components: 'API' })).toBe('No placeholders here.');
    expect(fillTemplate('{components} {{Components}} {{ }}', { components: 'API' })).toBe('{components} {{Components}} {{ }}');
  });

  it('does not re-read a filled value as a template', () => {
    expect(fillTemplate('{{components}}', { components: '{{duration}}', duration: '5 min' })).toBe('{{duration}}');
  });

  it('knows the six placeholders', () => {
    expect([...PLACEHOLDERS]).toEqual(['components', 'started_at', 'duration', 'next_update', 'starts_at', 'ends_at']);
  });
});

describe('listNames', () => {
  it('gives an empty string for no names', () => {
    expect(listNames([])).toBe('');
  });
  it('gives the one name alone', () => {
    expect(listNames(['Search'])).toBe('Search');
  });
  it('joins two names with "and"', () => {
    expect(listNames(['Search', 'Email'])).toBe('Search and Email');
  });
  it('joins three names with commas and a final "and" (no serial comma)', () => {
    expect(listNames(['Search', 'Email', 'SMS'])).toBe('Search, Email and SMS');
  });
});

describe('PLACEHOLDERS_BY_KIND', () => {
  it('gives incidents their start, duration and cadence, and maintenance its window', () => {
    expect(PLACEHOLDERS_BY_KIND.incident).toEqual(['components', 'started_at', 'duration', 'next_update']);
    expect(PLACEHOLDERS_BY_KIND.maintenance).toEqual(['components', 'starts_at', 'ends_at']);
    for (const list of Object.values(PLACEHOLDERS_BY_KIND)) for (const p of list) expect(PLACEHOLDERS).toContain(p);
  });

  it('is described for help texts and error messages', () => {
    expect(describePlaceholders('maintenance')).toBe('{{components}}, {{starts_at}} and {{ends_at}}');
    expect(describePlaceholders('incident')).toBe('{{components}}, {{started_at}}, {{duration}} and {{next_update}}');
  });
});

describe('unknownPlaceholders', () => {
  it('finds nothing in text using only the kind’s placeholders, spaces inside the braces allowed', () => {
    expect(unknownPlaceholders('{{components}} since {{ started_at }}, next {{next_update}}', 'incident')).toEqual([]);
    expect(unknownPlaceholders('No braces at all; {single} braces are text.', 'maintenance')).toEqual([]);
  });

  it('reports each unknown one once, as written, including another kind’s and odd spellings', () => {
    expect(unknownPlaceholders('{{customer}} {{Components}} {{ }} {{customer}} {{components}}', 'incident')).toEqual(['{{customer}}', '{{Components}}', '{{ }}']);
    expect(unknownPlaceholders('By {{next_update}} from {{starts_at}}', 'maintenance')).toEqual(['{{next_update}}']);
    expect(unknownPlaceholders('From {{starts_at}} to {{ends_at}}', 'incident')).toEqual(['{{starts_at}}', '{{ends_at}}']);
  });
});

describe('placeholderValuesOf', () => {
  const at = Date.UTC(2026, 10, 22, 14, 0);
  it('fills names, times in the zone and the duration; blank where there is nothing to say', () => {
    expect(
      placeholderValuesOf({ componentNames: ['API', 'Web'], startedAt: at - 45 * 60_000, nextUpdateAt: null, window: null, timeZone: 'Europe/Berlin', now: at }),
    ).toEqual({ components: 'API and Web', started_at: 'Nov 22, 2026, 14:15 GMT+1', duration: '45 min', next_update: '', starts_at: '', ends_at: '' });
  });

  it('fills a maintenance window and a next update when given', () => {
    const v = placeholderValuesOf({ componentNames: [], startedAt: at, nextUpdateAt: at + 30 * 60_000, window: { from: at + 3_600_000, until: at + 7_200_000 }, timeZone: 'UTC', now: at });
    expect(v).toMatchObject({ components: '', next_update: 'Nov 22, 2026, 14:30 UTC', starts_at: 'Nov 22, 2026, 15:00 UTC', ends_at: 'Nov 22, 2026, 16:00 UTC' });
  });
});

describe('templateKey', () => {
  it('lower-cases and joins words with dashes', () => {
    expect(templateKey('Investigating')).toBe('investigating');
    expect(templateKey('In progress')).toBe('in-progress');
    expect(templateKey('  Cause found: DB (EU) ')).toBe('cause-found-db-eu');
  });
  it('drops accents and is empty without letters or digits', () => {
    expect(templateKey('Résolu, désolé')).toBe('resolu-desole');
    expect(templateKey('!!! …')).toBe('');
  });
});
