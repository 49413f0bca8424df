import { describe, expect, it } from 'vitest';
import { PLACEHOLDERS } from '../../../src/core/template.js';
import { DEFAULT_INCIDENT_TEMPLATES, findTemplate } from '../../../src/server/templates/defaults.js';

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;
const namesIn = (text: string): string[] => [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);

describe('DEFAULT_INCIDENT_TEMPLATES', () => {
  it('has one template per stage, in lifecycle order: investigating, identified, monitoring, resolved', () => {
    expect(DEFAULT_INCIDENT_TEMPLATES.map((t) => t.key)).toEqual(['investigating', 'identified', 'monitoring', 'resolved']);
    expect(new Set(DEFAULT_INCIDENT_TEMPLATES.map((t) => t.key)).size).toBe(DEFAULT_INCIDENT_TEMPLATES.length);
  });

  it.each(DEFAULT_INCIDENT_TEMPLATES.map((t) => [t.key, t] as const))('%s: status matches the key, nothing is empty', (key, t) => {
    expect(t.status).toBe(key);
    expect(t.label.trim()).not.toBe('');
    expect(t.title.trim()).not.toBe('');
    expect(t.body.trim()).not.toBe('');
  });

  it.each(DEFAULT_INCIDENT_TEMPLATES.map((t) => [t.key, t] as const))('%s: title and body use only known placeholders', (_key, t) => {
    for (const name of [...namesIn(t.title), ...namesIn(t.body)]) expect(PLACEHOLDERS as readonly string[]).toContain(name);
    // Every template says what is affected.
    expect(namesIn(t.body)).toContain('components');
  });

  it('promises a next update while open, and states the duration when resolved', () => {
    for (const t of DEFAULT_INCIDENT_TEMPLATES.filter((t) => t.status !== 'resolved')) expect(namesIn(t.body)).toContain('next_update');
    expect(namesIn(findTemplate('resolved')!.body)).toContain('duration');
    expect(namesIn(findTemplate('resolved')!.body)).not.toContain('next_update');
  });
});

describe('findTemplate', () => {
  it('finds by key and returns undefined for unknown keys or null', () => {
    expect(findTemplate('identified')?.label).toBe('Identified');
    expect(findTemplate('postmortem')).toBeUndefined();
    expect(findTemplate('')).toBeUndefined();
    expect(findTemplate(null)).toBeUndefined();
  });
});
