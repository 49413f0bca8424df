import { describe, expect, it } from 'vitest';
import { parseTemplateForm, TEMPLATE_BODY_MAX, TEMPLATE_NAME_MAX, TEMPLATE_TITLE_MAX } from '../../../src/server/forms/template-form.js';

const valid = (over: Record<string, string> = {}): Record<string, string> => ({
  kind: 'incident',
  name: 'Degraded',
  status: 'identified',
  title: 'Slow {{components}}',
  body: '{{components}} is slow since {{started_at}}. Next update by {{next_update}}.',
  ...over,
});

function errorsOf(form: Record<string, string>): Record<string, string> {
  const r = parseTemplateForm(form);
  if (r.ok) throw new Error(`expected errors, got ${JSON.stringify(r.value)}`);
  return { ...r.errors };
}

describe('parseTemplateForm', () => {
  it('accepts a valid template, trimmed, ignoring other fields', () => {
    expect(parseTemplateForm(valid({ name: '  Degraded ', body: '\n{{components}} is slow.\n', intent: 'save' }))).toEqual({
      ok: true,
      value: { kind: 'incident', name: 'Degraded', status: 'identified', title: 'Slow {{components}}', body: '{{components}} is slow.' },
    });
  });

  it('accepts a maintenance template using the window placeholders', () => {
    const r = parseTemplateForm(valid({ kind: 'maintenance', status: 'in_progress', body: 'Work on {{components}} until {{ ends_at }}, begun {{starts_at}}.' }));
    expect(r.ok).toBe(true);
  });

  it('accepts text at each limit', () => {
    const r = parseTemplateForm(valid({ name: 'n'.repeat(TEMPLATE_NAME_MAX), title: 't'.repeat(TEMPLATE_TITLE_MAX), body: 'b'.repeat(TEMPLATE_BODY_MAX) }));
    expect(r.ok).toBe(true);
  });

  it('refuses text over the limits and empty text, each next to its field, all at once', () => {
    expect(errorsOf(valid({ name: 'n'.repeat(TEMPLATE_NAME_MAX + 1), title: 't'.repeat(TEMPLATE_TITLE_MAX + 1), body: 'b'.repeat(TEMPLATE_BODY_MAX + 1) }))).toEqual({
      name: 'Keep the name under 60 characters.',
      title: 'Keep the title under 200 characters.',
      body: 'Keep the message under 10000 characters.',
    });
    expect(errorsOf(valid({ name: ' ', title: '', body: '  ' }))).toEqual({
      name: 'Name the template, e.g. “Investigating”.',
      title: 'Write a title; it prefills a new event.',
      body: 'Write the message customers will read.',
    });
  });

  it('refuses a name without letters or digits', () => {
    expect(errorsOf(valid({ name: '!!!' }))).toEqual({ name: 'Use some letters or digits in the name.' });
  });

  it('refuses an unknown kind', () => {
    expect(errorsOf(valid({ kind: 'outage' }))).toEqual({ kind: 'Choose incident or maintenance.' });
  });

  it.each([
    ['incident', 'completed', 'Choose an incident status: Investigating, Identified, Monitoring, Resolved.'],
    ['incident', 'postmortem', 'Choose an incident status: Investigating, Identified, Monitoring, Resolved.'],
    ['maintenance', 'resolved', 'Choose a maintenance status: Scheduled, In progress, Verifying, Completed.'],
    ['maintenance', '', 'Choose a maintenance status: Scheduled, In progress, Verifying, Completed.'],
  ])('refuses a %s template moving to “%s”', (kind, status, message) => {
    expect(errorsOf(valid({ kind, status, body: 'Plain words.', title: 'Plain title' }))).toEqual({ status: message });
  });

  it('refuses unknown placeholders, naming them and listing the known ones for the kind', () => {
    expect(errorsOf(valid({ body: 'Hello {{customer}}, {{components}} is down.' }))).toEqual({
      body: '{{customer}} is not a placeholder an incident template can use. Known: {{components}}, {{started_at}}, {{duration}} and {{next_update}}.',
    });
    expect(errorsOf(valid({ kind: 'maintenance', status: 'scheduled', title: 'Work from {{starts_at}}', body: 'Until {{ends_at}}, next by {{next_update}} after {{duration}}.' }))).toEqual({
      body: '{{next_update}} and {{duration}} are not placeholders a maintenance template can use. Known: {{components}}, {{starts_at}} and {{ends_at}}.',
    });
    expect(errorsOf(valid({ title: 'From {{starts_at}}' }))).toEqual({
      title: '{{starts_at}} is not a placeholder an incident template can use. Known: {{components}}, {{started_at}}, {{duration}} and {{next_update}}.',
    });
  });

  it('reports a placeholder error along with other fields’ errors', () => {
    expect(errorsOf(valid({ name: '', body: '{{oops}}' }))).toEqual({
      name: 'Name the template, e.g. “Investigating”.',
      body: expect.stringMatching(/^\{\{oops\}\} is not a placeholder/),
    });
  });
});
