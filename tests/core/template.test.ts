import { describe, expect, it } from 'vitest';
import { fillTemplate, listNames, PLACEHOLDERS } from '../../src/core/template.js';

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

  it('knows the four placeholders', () => {
    expect([...PLACEHOLDERS]).toEqual(['components', 'started_at', 'duration', 'next_update']);
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
