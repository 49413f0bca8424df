import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM, type Actor } from '../../../../src/server/audit.js';
import { insertUser } from '../../../../src/server/auth/users.js';
import { archiveComponent, setComponentStatus } from '../../../../src/server/use-cases/components.js';
import {
  componentEditorView,
  componentFormValues,
  componentListView,
  doneNotice,
  groupOptions,
} from '../../../../src/server/views/admin/components.js';
import { tempDatabase, type TempDatabase } from '../../../helpers/db.js';
import { component, DAY, group, HOUR, incident, page } from '../../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);
const T0 = NOW - 30 * DAY;

let t: TempDatabase;
let actor: Actor;
let backend: string;
let edge: string;
let dbc: string;
let web: string;
beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'UTC', T0);
  backend = group(t.db, 'backend', 'Backend', T0, 1);
  component(t.db, 'api', 'API', T0, { groupId: backend, position: 1, status: 'partial_outage' });
  dbc = component(t.db, 'db', 'Database', T0, { groupId: backend, position: 2, startDate: '2026-01-31', showcase: false });
  web = component(t.db, 'web', 'Website', T0, { position: 2, onlyShowIfDegraded: true });
  edge = group(t.db, 'edge', 'Edge', T0, 3);
  const { id } = insertUser(t.db, { email: 'eddie@example.com', name: 'Eddie Editor', role: 'editor', password: 'unused' }, 'not-a-real-hash', SYSTEM, T0);
  actor = { id, label: 'eddie@example.com' };
});
afterEach(() => t.dispose());

describe('componentListView', () => {
  it('lists live components in page order, groups with their worst child, and who may move where', () => {
    const view = componentListView(t.db, NOW);
    expect(view.pageName).toBe('Acme Status');
    expect(view.rows.map((r) => [r.name, r.inGroup, r.status, r.canMoveUp, r.canMoveDown])).toEqual([
      ['Backend', false, 'partial_outage', false, true],
      ['API', true, 'partial_outage', false, true],
      ['Database', true, 'operational', true, false],
      ['Website', false, 'operational', true, true],
      ['Edge', false, null, true, false],
    ]);
    expect(view.rows.find((r) => r.id === edge)!.statusLabel).toBe('No components yet');
    expect(view.rows.find((r) => r.id === dbc)).toMatchObject({ showcase: false, startDate: 'Jan 31, 2026', slug: 'db' });
    expect(view.rows.find((r) => r.id === web)).toMatchObject({ onlyShowIfDegraded: true, startDate: null });
    expect(view.archived).toEqual([]);
  });

  it('lists archived components apart, with when, in the page zone', () => {
    page(t.db, 'Acme Status', 'Europe/Berlin', T0);
    archiveComponent(t.db, web, actor, NOW);
    const view = componentListView(t.db, NOW);
    expect(view.rows.map((r) => r.name)).not.toContain('Website');
    expect(view.archived).toEqual([{ id: web, name: 'Website', slug: 'web', isGroup: false, archivedAt: { iso: '2026-11-22T16:00:00.000+01:00', text: expect.stringContaining('16:00') } }]);
  });
});

describe('componentEditorView', () => {
  it('shows a leaf with its group, the groups it may move to, and its history with authors, newest first', () => {
    const inc = incident(t.db, { title: 'DB slow', startedAt: NOW - 2 * HOUR, steps: [{ at: NOW - 2 * HOUR, status: 'investigating', body: 'x', set: { [dbc]: 'degraded_performance' } }] });
    setComponentStatus(t.db, dbc, 'major_outage', actor, NOW - HOUR);
    const view = componentEditorView(t.db, dbc, NOW)!;
    expect(view).toMatchObject({ status: 'major_outage', statusLabel: 'Major outage', archivedAt: null, publicHref: '/components/db', groupName: 'Backend' });
    expect(view.groups).toEqual([
      { value: '', label: 'None (top level)' },
      { value: backend, label: 'Backend' },
      { value: edge, label: 'Edge' },
    ]);
    expect(view.history.map((h) => [h.status, h.causeLabel, h.by, h.eventHref])).toEqual([
      ['major_outage', 'Set by hand', 'Eddie Editor', null],
      ['degraded_performance', 'Incident', 'system', `/incidents/${inc.id}`],
      ['operational', 'Set by hand', 'system', null],
    ]);
  });

  it('shows a group with its worst child and no group choice or history', () => {
    const view = componentEditorView(t.db, backend, NOW)!;
    expect(view).toMatchObject({ status: 'partial_outage', groups: [], history: [], groupName: null });
  });

  it('shows an archived component without a public page; null for an unknown id', () => {
    archiveComponent(t.db, web, actor, NOW);
    expect(componentEditorView(t.db, web, NOW)).toMatchObject({ publicHref: null, archivedAt: { iso: '2026-11-22T15:00:00.000+00:00' } });
    expect(componentEditorView(t.db, 'nosuchcompo0', NOW)).toBeNull();
  });
});

describe('groupOptions', () => {
  it('offers live groups only', () => {
    archiveComponent(t.db, edge, actor, NOW);
    expect(groupOptions(t.db, null).map((o) => o.label)).toEqual(['None (top level)', 'Backend']);
  });
});

describe('componentFormValues', () => {
  it('gives the stored definition as form values, checkboxes present only when set', () => {
    const view = componentEditorView(t.db, dbc, NOW)!;
    expect(componentFormValues(view.record)).toEqual({ name: 'Database', slug: 'db', description: '', group: backend, start_date: '2026-01-31' });
    expect(componentFormValues(componentEditorView(t.db, web, NOW)!.record)).toEqual({
      name: 'Website',
      slug: 'web',
      description: '',
      group: '',
      start_date: '',
      showcase: 'on',
      only_if_degraded: 'on',
    });
  });
});

describe('doneNotice', () => {
  it('says what happened, and nothing for an unknown value', () => {
    expect(doneNotice('status')).toBe('Status changed. It is on the public page now.');
    expect(doneNotice('archived')).toContain('no longer appears on the public page');
    expect(doneNotice('<script>')).toBeNull();
    expect(doneNotice(null)).toBeNull();
  });
});
