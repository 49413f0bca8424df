import { describe, expect, it } from 'vitest';
import { describeAuditDiff } from '../../src/core/audit-diff.js';

describe('describeAuditDiff', () => {
  it('gives no lines for no diff', () => {
    expect(describeAuditDiff(null)).toEqual([]);
    expect(describeAuditDiff('')).toEqual([]);
  });

  it('turns keys into words and writes plain values as they are, booleans as yes/no', () => {
    expect(describeAuditDiff(JSON.stringify({ title: 'API down', historyRowsMoved: 2, text_changed: true, notify: false, severity: null }))).toEqual([
      { field: 'title', text: 'API down' },
      { field: 'history rows moved', text: '2' },
      { field: 'text changed', text: 'yes' },
      { field: 'notify', text: 'no' },
      { field: 'severity', text: '—' },
    ]);
  });

  it('writes a { from, to } change as an arrow', () => {
    expect(describeAuditDiff(JSON.stringify({ displayAt: { from: '2026-11-22T14:05:00.000Z', to: '2026-11-22T14:20:00.000Z' }, length: { from: 12, to: 40 } }))).toEqual([
      { field: 'display at', text: '2026-11-22T14:05:00.000Z → 2026-11-22T14:20:00.000Z' },
      { field: 'length', text: '12 → 40' },
    ]);
  });

  it('writes lists of objects as short phrases, and an empty list as none', () => {
    expect(describeAuditDiff(JSON.stringify({ changes: [{ componentId: 'abc', status: 'major_outage' }, { componentId: 'def', status: 'operational' }], none: [] }))).toEqual([
      { field: 'changes', text: 'component id abc, status major_outage; component id def, status operational' },
      { field: 'none', text: 'none' },
    ]);
  });

  it('shortens very long values', () => {
    const [line] = describeAuditDiff(JSON.stringify({ title: 'x'.repeat(1000) }));
    expect(line!.text).toHaveLength(300);
    expect(line!.text.endsWith('…')).toBe(true);
  });

  it('shows a diff that is not a JSON object as it is', () => {
    expect(describeAuditDiff('not json')).toEqual([{ field: 'diff', text: 'not json' }]);
    expect(describeAuditDiff('[1,2]')).toEqual([{ field: 'diff', text: '1; 2' }]);
  });
});
