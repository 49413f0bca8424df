import { describe, expect, it } from 'vitest';
import { findPrompt, POSTMORTEM_SECTIONS, POSTMORTEM_SECTION_TITLES, postmortemTemplate, type PostmortemFacts } from '../../src/core/postmortem.js';

const MIN = 60_000;
const START = Date.UTC(2026, 10, 22, 14, 5);

const facts = (over: Partial<PostmortemFacts> = {}): PostmortemFacts => ({
  title: 'Checkout errors',
  severityLabel: 'SEV1 · Critical',
  startedAt: START,
  resolvedAt: START + 125 * MIN,
  componentNames: ['API', 'Website'],
  updates: [
    { at: START, status: 'investigating', body: 'We are looking into **failed payments**.\n\nMore soon.', changes: [{ name: 'API', newStatus: 'major_outage' }, { name: 'Website', newStatus: 'degraded_performance' }] },
    { at: START + 30 * MIN, status: 'identified', body: '## Cause found\nA bad index.', changes: [{ name: 'API', newStatus: 'partial_outage' }] },
    { at: START + 125 * MIN, status: 'resolved', body: 'Fixed.', changes: [{ name: 'API', newStatus: 'operational' }, { name: 'Website', newStatus: 'operational' }] },
  ],
  ...over,
});

/** The lines of one `## Section` of the draft. */
function section(markdown: string, title: string): string[] {
  const parts = markdown.split(/^## /m);
  const part = parts.find((p) => p.startsWith(`${title}\n`));
  if (!part) throw new Error(`no section ${title}`);
  return part.split('\n').slice(1).filter((l) => l !== '');
}

describe('postmortemTemplate', () => {
  it('has the playbooks’ six sections, in order', () => {
    const md = postmortemTemplate(facts(), 'UTC');
    expect([...md.matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual(POSTMORTEM_SECTIONS.map((s) => POSTMORTEM_SECTION_TITLES[s]));
    expect(POSTMORTEM_SECTIONS).toEqual(['summary', 'impact', 'timeline', 'root_cause', 'resolution', 'action_items']);
  });

  it('summarises what the system knows: day, components, duration, severity', () => {
    expect(section(postmortemTemplate(facts(), 'UTC'), 'Summary')[0]).toMatch(
      /^On Nov 22, 2026, API and Website were affected for 2 h 5 min\. \[\[/,
    );
  });

  it('lists each affected component with the worst status it had, and the window in the page zone', () => {
    expect(section(postmortemTemplate(facts(), 'America/New_York'), 'Impact').slice(0, 3)).toEqual([
      '- API: major outage',
      '- Website: degraded performance',
      '- Duration: 2 h 5 min, from Nov 22, 2026, 09:05 EST to Nov 22, 2026, 11:10 EST',
    ]);
  });

  it('writes the update timeline, one line each: time, stage, first line of text without Markdown block marks, changes', () => {
    expect(section(postmortemTemplate(facts(), 'UTC'), 'Timeline')).toEqual([
      '- Nov 22, 2026, 14:05 UTC · Investigating: We are looking into **failed payments**. (API: major outage, Website: degraded performance)',
      '- Nov 22, 2026, 14:35 UTC · Identified: Cause found (API: partial outage)',
      '- Nov 22, 2026, 16:10 UTC · Resolved: Fixed. (API: operational, Website: operational)',
    ]);
  });

  it('shortens a long first line', () => {
    const md = postmortemTemplate(facts({ updates: [{ at: START, status: 'resolved', body: 'word '.repeat(100), changes: [] }] }), 'UTC');
    const line = section(md, 'Timeline')[0]!;
    expect(line.endsWith('…')).toBe(true);
    expect(line.length).toBeLessThan('- Nov 22, 2026, 14:05 UTC · Resolved: '.length + 161);
  });

  it('never cuts a word in two: it stops after a whole sentence, or before a whole word', () => {
    const timeline = (body: string): string =>
      section(postmortemTemplate(facts({ updates: [{ at: START, status: 'resolved', body, changes: [] }] }), 'UTC'), 'Timeline')[0]!.replace(/^- .*? · Resolved: /, '');
    const words = 'We rolled back the configuration and update traffic is recovering across every region we serve today, '.repeat(3);
    const cut = timeline(words);
    expect(cut.endsWith('…')).toBe(true);
    // What is left is whole words of the original, in order.
    expect(words.startsWith(cut.slice(0, -1))).toBe(true);
    expect(words[cut.length - 1]).toMatch(/[\s,]/);
    expect(cut).not.toMatch(/\bt…$/);
    const sentences = `${'The database failed over to its replica. '.repeat(3)}Then we watched the error rate come down for an hour and wrote to every customer affected.`;
    expect(timeline(sentences)).toBe('The database failed over to its replica. '.repeat(3).trimEnd());
    // The customer-facing draft speaks of impact, not of the team's SEV scale.
    expect(postmortemTemplate(facts(), 'UTC')).not.toMatch(/SEV\d/);
  });

  it('leaves a [[prompt]] where only people can write', () => {
    const md = postmortemTemplate(facts(), 'UTC');
    for (const title of ['Summary', 'Impact', 'Root cause', 'Resolution', 'Action items']) expect(findPrompt(section(md, title).join('\n')), title).not.toBeNull();
  });

  it('speaks of one component in the singular, and of the title when none was named', () => {
    expect(section(postmortemTemplate(facts({ componentNames: ['API'] }), 'UTC'), 'Summary')[0]).toMatch(/^On Nov 22, 2026, API was affected for 2 h 5 min/);
    expect(section(postmortemTemplate(facts({ componentNames: [], severityLabel: null }), 'UTC'), 'Summary')[0]).toMatch(
      /^On Nov 22, 2026, “Checkout errors” affected customers for 2 h 5 min\. \[\[/,
    );
  });
});

describe('findPrompt', () => {
  it('finds the first [[…]] prompt', () => {
    expect(findPrompt('Done. [[Root cause?]] and [[more]]')).toBe('[[Root cause?]]');
  });

  it('ignores Markdown links, task boxes and single brackets', () => {
    expect(findPrompt('- [ ] Add alerts\n- [x] Fix [the index](https://example.com) [note]')).toBeNull();
  });
});
