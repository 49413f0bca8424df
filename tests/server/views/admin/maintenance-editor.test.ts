import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../../src/server/audit.js';
import { findTemplateByKey } from '../../../../src/server/templates/store.js';
import { postMaintenanceUpdate, scheduleMaintenance } from '../../../../src/server/use-cases/maintenance.js';
import { deleteTemplate } from '../../../../src/server/use-cases/templates.js';
import {
  maintenanceEditorView,
  maintenanceUpdateDefaults,
  newMaintenanceChoices,
  newMaintenanceFormValues,
} from '../../../../src/server/views/admin/maintenance-editor.js';
import { tempDatabase, type TempDatabase } from '../../../helpers/db.js';
import { component, DAY, HOUR, incident, MINUTE, page } from '../../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);
const FROM = NOW + HOUR;
const UNTIL = FROM + 2 * HOUR;

let t: TempDatabase;
let dbc: string;
let api: string;
let id: string;

beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'UTC', NOW - DAY);
  dbc = component(t.db, 'db', 'Database', NOW - DAY, { position: 1 });
  api = component(t.db, 'api', 'API', NOW - DAY, { position: 2, status: 'degraded_performance' });
  component(t.db, 'web', 'Website', NOW - DAY, { position: 3 });
  id = scheduleMaintenance(
    t.db,
    { title: 'Upgrade', scheduledFor: FROM, scheduledUntil: UNTIL, componentIds: [dbc, api], message: 'Planned.', notify: true, autoStart: false, autoComplete: true },
    SYSTEM,
    'UTC',
    NOW,
  ).id;
});
afterEach(() => t.dispose());

describe('newMaintenanceChoices and newMaintenanceFormValues', () => {
  it('offers only the templates that announce a schedule', () => {
    expect(newMaintenanceChoices(t.db, NOW).templates).toEqual([{ value: 'scheduled', label: 'Scheduled' }]);
    expect(newMaintenanceChoices(t.db, NOW).components.map((c) => c.name)).toEqual(['Database', 'API', 'Website']);
  });

  it('starts from the "scheduled" template with every switch on and no window', () => {
    expect(newMaintenanceFormValues(t.db, null, NOW)).toEqual({
      title: 'Planned maintenance of {{components}}',
      message: expect.stringMatching(/^We will carry out planned maintenance on \{\{components\}\} from \{\{starts_at\}\} to \{\{ends_at\}\}\./),
      starts_at: '',
      ends_at: '',
      notify: 'on',
      auto_start: 'on',
      auto_complete: 'on',
    });
    expect(newMaintenanceFormValues(t.db, 'completed', NOW).message).toMatch(/is complete/);
  });

  it('is blank without a "scheduled" template', () => {
    deleteTemplate(t.db, findTemplateByKey(t.db, 'maintenance', 'scheduled', NOW)!.id, SYSTEM, NOW);
    expect(newMaintenanceFormValues(t.db, null, NOW)).toMatchObject({ title: '', message: '' });
  });
});

describe('maintenanceEditorView', () => {
  it('shows the maintenance, its switches, and which statuses may follow', () => {
    const view = maintenanceEditorView(t.db, id, NOW)!;
    expect(view).toMatchObject({ status: 'scheduled', autoStart: false, autoComplete: true, affectedIds: [dbc, api] });
    expect(view.event.title).toBe('Upgrade');
    expect(view.nextStatuses.map((s) => [s.value, s.allowed])).toEqual([
      ['scheduled', true],
      ['in_progress', true],
      ['verifying', true],
      ['completed', true],
    ]);
  });

  it('allows nothing back once in progress, with the reason', () => {
    postMaintenanceUpdate(t.db, id, { status: 'in_progress', message: 'Go.', notify: true, changes: [] }, SYSTEM, FROM);
    const view = maintenanceEditorView(t.db, id, FROM)!;
    expect(view.nextStatuses.find((s) => s.value === 'scheduled')).toMatchObject({ allowed: false, reason: 'Maintenance cannot go back from In progress to Scheduled.' });
  });

  it('is null for an incident or an unknown id', () => {
    const inc = incident(t.db, { title: 'Outage', startedAt: NOW - HOUR, steps: [{ at: NOW - HOUR, status: 'investigating', body: 'x' }] });
    expect(maintenanceEditorView(t.db, inc.id, NOW)).toBeNull();
    expect(maintenanceEditorView(t.db, 'nosuchevent0', NOW)).toBeNull();
  });
});

describe('maintenanceUpdateDefaults', () => {
  it('suggests starting, with the affected components under maintenance', () => {
    const view = maintenanceEditorView(t.db, id, NOW)!;
    expect(maintenanceUpdateDefaults(t.db, view, null, NOW)).toEqual({
      status: 'in_progress',
      message: '',
      notify: 'on',
      [`component:${dbc}`]: 'under_maintenance',
      [`component:${api}`]: 'under_maintenance',
    });
  });

  it('takes status and text from a template; completing offers each component its status from before', () => {
    postMaintenanceUpdate(
      t.db,
      id,
      { status: 'in_progress', message: 'Go.', notify: true, changes: [{ componentId: dbc, status: 'under_maintenance' }, { componentId: api, status: 'under_maintenance' }] },
      SYSTEM,
      FROM,
    );
    const view = maintenanceEditorView(t.db, id, FROM + MINUTE)!;
    const values = maintenanceUpdateDefaults(t.db, view, 'completed', FROM + MINUTE);
    expect(values).toMatchObject({ status: 'completed', [`component:${dbc}`]: 'operational', [`component:${api}`]: 'degraded_performance' });
    expect(values.message).toMatch(/is complete/);
  });

  it('does not offer back a component someone has changed since', () => {
    postMaintenanceUpdate(t.db, id, { status: 'in_progress', message: 'Go.', notify: true, changes: [{ componentId: dbc, status: 'under_maintenance' }, { componentId: api, status: 'under_maintenance' }] }, SYSTEM, FROM);
    incident(t.db, { title: 'DB down', startedAt: FROM + MINUTE, steps: [{ at: FROM + MINUTE, status: 'investigating', body: 'x', set: { [dbc]: 'major_outage' } }] });
    const view = maintenanceEditorView(t.db, id, FROM + 2 * MINUTE)!;
    const values = maintenanceUpdateDefaults(t.db, view, 'completed', FROM + 2 * MINUTE);
    expect(values).not.toHaveProperty(`component:${dbc}`);
    expect(values[`component:${api}`]).toBe('degraded_performance');
  });
});
