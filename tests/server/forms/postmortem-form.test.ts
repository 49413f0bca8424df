import { describe, expect, it } from 'vitest';
import { parsePostmortemForm, POSTMORTEM_MAX } from '../../../src/server/forms/postmortem-form.js';

describe('parsePostmortemForm', () => {
  it('reads the text (trimmed), the intent and the notify box', () => {
    expect(parsePostmortemForm({ body: ' ## Summary\nDone. ', intent: 'publish', notify: 'on' })).toEqual({
      ok: true,
      value: { body: '## Summary\nDone.', intent: 'publish', notify: true },
    });
    expect(parsePostmortemForm({ body: 'x', intent: 'draft' })).toEqual({ ok: true, value: { body: 'x', intent: 'draft', notify: false } });
  });

  it('treats a form without an intent as a draft, never as publishing', () => {
    expect(parsePostmortemForm({ body: 'x', notify: 'on' })).toMatchObject({ ok: true, value: { intent: 'draft' } });
  });

  it('lets a draft or a preview keep the template’s prompts, but not a publication', () => {
    const body = '## Root cause\n[[What caused the problem?]]';
    expect(parsePostmortemForm({ body, intent: 'draft' }).ok).toBe(true);
    expect(parsePostmortemForm({ body, intent: 'preview' }).ok).toBe(true);
    expect(parsePostmortemForm({ body, intent: 'publish' })).toEqual({
      ok: false,
      errors: { body: 'The postmortem still contains the prompt [[What caused the problem?]]: replace each [[…]] with your own words, or remove it, before publishing.' },
    });
  });

  it('refuses an empty text, one over the limit, and an unknown intent', () => {
    expect(parsePostmortemForm({ body: '  ', intent: 'draft' })).toEqual({ ok: false, errors: { body: 'Write the postmortem.' } });
    expect(parsePostmortemForm({ intent: 'draft' })).toEqual({ ok: false, errors: { body: 'Write the postmortem.' } });
    expect(parsePostmortemForm({ body: 'x'.repeat(POSTMORTEM_MAX + 1), intent: 'draft' })).toEqual({ ok: false, errors: { body: 'Keep the postmortem under 50000 characters.' } });
    expect(parsePostmortemForm({ body: 'x', intent: 'delete' })).toEqual({ ok: false, errors: { form: 'Choose to save a draft, preview or publish.' } });
  });
});
