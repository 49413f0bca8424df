import { describe, expect, it } from 'vitest';
import { statusesFor } from '../../../src/core/incident-status.js';
import { PLACEHOLDERS_BY_KIND, templateKey } from '../../../src/core/template.js';
import { DEFAULT_TEMPLATES, shippedTemplate } from '../../../src/server/templates/defaults.js';

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;
const namesIn = (text: string): string[] => [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
const incidents = DEFAULT_TEMPLATES.filter((t) => t.kind === 'incident');
const maintenance = DEFAULT_TEMPLATES.filter((t) => t.kind === 'maintenance');

describe('DEFAULT_TEMPLATES', () => {
  it('has one incident template per stage, in lifecycle order, keyed by stage', () => {
    expect(incidents.map((t) => t.status)).toEqual(['investigating', 'identified', 'monitoring', 'resolved']);
    // Links in the admin use the key derived from the name: ?template=investigating.
    expect(incidents.map((t) => templateKey(t.name))).toEqual(['investigating', 'identified', 'monitoring', 'resolved']);
  });

  it('has maintenance templates for scheduled, in progress and completed', () => {
    expect(maintenance.map((t) => t.status)).toEqual(['scheduled', 'in_progress', 'completed']);
    expect(maintenance.map((t) => templateKey(t.name))).toEqual(['scheduled', 'in-progress', 'completed']);
  });

  it.each(DEFAULT_TEMPLATES.map((t) => [t.kind, t.name, t] as const))('%s %s: status belongs to the kind, nothing is empty, the name fits', (kind, _name, t) => {
    expect(statusesFor(kind)).toContain(t.status);
    expect(t.name.length).toBeLessThanOrEqual(60);
    expect(t.title.trim()).not.toBe('');
    expect(t.body.trim()).not.toBe('');
  });

  it.each(DEFAULT_TEMPLATES.map((t) => [t.kind, t.name, t] as const))('%s %s: title and body use only placeholders its kind fills, and name what is affected', (kind, _name, t) => {
    for (const name of [...namesIn(t.title), ...namesIn(t.body)]) expect(PLACEHOLDERS_BY_KIND[kind] as readonly string[]).toContain(name);
    expect(namesIn(t.body)).toContain('components');
  });

  it('promises a next update while an incident is open, and states the duration when resolved', () => {
    for (const t of incidents.filter((t) => t.status !== 'resolved')) expect(namesIn(t.body)).toContain('next_update');
    expect(namesIn(shippedTemplate('incident', 'resolved')!.body)).toContain('duration');
    expect(namesIn(shippedTemplate('incident', 'resolved')!.body)).not.toContain('next_update');
  });

  it('gives the maintenance window when announcing it, and its end once it has begun', () => {
    expect(namesIn(shippedTemplate('maintenance', 'scheduled')!.body)).toEqual(expect.arrayContaining(['starts_at', 'ends_at']));
    expect(namesIn(shippedTemplate('maintenance', 'in_progress')!.body)).toContain('ends_at');
  });
});

describe('shippedTemplate', () => {
  it('finds the shipped wording by kind and status, and nothing for stages without one', () => {
    expect(shippedTemplate('incident', 'identified')?.name).toBe('Identified');
    expect(shippedTemplate('maintenance', 'completed')?.name).toBe('Completed');
    expect(shippedTemplate('incident', 'postmortem')).toBeUndefined();
    expect(shippedTemplate('maintenance', 'verifying')).toBeUndefined();
    expect(shippedTemplate('incident', 'completed')).toBeUndefined();
  });
});
