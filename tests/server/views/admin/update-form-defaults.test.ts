import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { incidentEditorView, updateFormDefaults } from '../../../../src/server/views/admin/incident-editor.js';
import { templateForStatus } from '../../../../src/server/templates/store.js';
import { tempDatabase, type TempDatabase } from '../../../helpers/db.js';
import { component, DAY, incident, MINUTE } from '../../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);
let t: TempDatabase;
let a: string;
let b: string;
let other: string;
let id: string;

beforeEach(() => {
  t = tempDatabase();
  a = component(t.db, 'a', 'A', NOW - DAY);
  b = component(t.db, 'b', 'B', NOW - DAY, { position: 2 });
  other = component(t.db, 'other', 'Other', NOW - DAY, { position: 3, status: 'degraded_performance' });
  id = incident(t.db, {
    title: 'Trouble',
    startedAt: NOW - 30 * MINUTE,
    steps: [
      { at: NOW - 30 * MINUTE, status: 'investigating', body: 'x', set: { [a]: 'major_outage', [b]: 'degraded_performance' } },
      { at: NOW - 10 * MINUTE, status: 'identified', body: 'y', set: { [b]: 'operational' } },
    ],
  }).id;
});
afterEach(() => t.dispose());

describe('updateFormDefaults', () => {
  it('suggests the next allowed status, with the words of its template, when no template is chosen', () => {
    const view = incidentEditorView(t.db, id, NOW)!;
    const monitoring = templateForStatus(t.db, 'incident', 'monitoring', NOW)!;
    expect(updateFormDefaults(t.db, view, null, NOW)).toEqual({ status: 'monitoring', message: monitoring.body, notify: 'on' });
    expect(monitoring.body).not.toBe('');
  });

  it('takes status and text from a template', () => {
    const view = incidentEditorView(t.db, id, NOW)!;
    const values = updateFormDefaults(t.db, view, 'monitoring', NOW);
    expect(values.status).toBe('monitoring');
    expect(values.message).toContain('{{components}}');
  });

  it('resolving offers affected components that are not operational back to operational, and nothing else', () => {
    const view = incidentEditorView(t.db, id, NOW)!;
    const values = updateFormDefaults(t.db, view, 'resolved', NOW);
    expect(values.status).toBe('resolved');
    // A is still in major outage; B already recovered; Other is degraded but not part of this incident.
    expect(values[`component:${a}`]).toBe('operational');
    expect(values).not.toHaveProperty(`component:${b}`);
    expect(values).not.toHaveProperty(`component:${other}`);
  });
});
