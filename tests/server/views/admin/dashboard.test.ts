import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CADENCE } from '../../../../src/core/cadence.js';
import { dashboardView } from '../../../../src/server/views/admin/dashboard.js';
import { updatePageSettings } from '../../../../src/server/write/settings.js';
import { tempDatabase, type TempDatabase } from '../../../helpers/db.js';
import { component, DAY, HOUR, incident, maintenance, MINUTE, page } from '../../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);
const T0 = NOW - 30 * DAY;

let t: TempDatabase;
beforeEach(() => {
  t = tempDatabase();
  page(t.db, 'Acme Status', 'UTC', T0);
});
afterEach(() => t.dispose());

describe('dashboardView', () => {
  it('is empty with no open events', () => {
    const api = component(t.db, 'api', 'API', T0);
    incident(t.db, {
      title: 'Old outage',
      severity: 'SEV1',
      startedAt: NOW - 2 * DAY,
      steps: [
        { at: NOW - 2 * DAY, status: 'investigating', body: 'x', set: { [api]: 'major_outage' } },
        { at: NOW - 2 * DAY + HOUR, status: 'resolved', body: 'y', set: { [api]: 'operational' } },
      ],
    });
    const view = dashboardView(t.db, NOW);
    expect(view.pageName).toBe('Acme Status');
    expect(view.incidents).toEqual([]);
    expect(view.maintenance).toEqual([]);
    expect(view.status.indicator).toBe('none');
  });

  it('orders open incidents most overdue first and says when each update is due', () => {
    const api = component(t.db, 'api', 'API', T0);
    const web = component(t.db, 'web', 'Website', T0);
    // Created in an order unlike the expected one, so ordering is the view's doing.
    const sev4 = incident(t.db, { title: 'Typo in emails', severity: 'SEV4', startedAt: NOW - 3 * HOUR, steps: [{ at: NOW - 3 * HOUR, status: 'identified', body: 'a' }] });
    const sev3 = incident(t.db, {
      title: 'Slow search',
      severity: 'SEV3',
      startedAt: NOW - 2 * HOUR,
      steps: [
        { at: NOW - 2 * HOUR, status: 'investigating', body: 'b', set: { [web]: 'degraded_performance' } },
        { at: NOW - 30 * MINUTE, status: 'identified', body: 'c' },
      ],
    });
    const sev2 = incident(t.db, { title: 'Payments failing', severity: 'SEV2', startedAt: NOW - 10 * MINUTE, steps: [{ at: NOW - 10 * MINUTE, status: 'investigating', body: 'd' }] });
    const sev1 = incident(t.db, {
      title: 'API down',
      severity: 'SEV1',
      startedAt: NOW - HOUR,
      steps: [
        { at: NOW - HOUR, status: 'investigating', body: 'e', set: { [api]: 'major_outage' } },
        { at: NOW - 40 * MINUTE, status: 'identified', body: 'f' },
      ],
    });

    const view = dashboardView(t.db, NOW);
    expect(view.incidents.map((r) => r.event.id)).toEqual([sev1.id, sev2.id, sev3.id, sev4.id]);
    const [r1, r2, r3, r4] = view.incidents;

    expect(r1).toMatchObject({ overdue: true, dueAt: NOW - 10 * MINUTE, dueText: 'overdue by 10 min' });
    expect(r1!.event).toMatchObject({ title: 'API down', reference: sev1.reference, severity: 'SEV1', status: 'identified' });
    expect(r1!.lastUpdate?.iso).toBe(new Date(NOW - 40 * MINUTE).toISOString().replace('Z', '+00:00'));
    expect(r1!.nextDue?.iso).toBe(new Date(NOW - 10 * MINUTE).toISOString().replace('Z', '+00:00'));

    expect(r2).toMatchObject({ overdue: false, dueAt: NOW + 20 * MINUTE, dueText: 'due in 20 min' });
    expect(r3).toMatchObject({ overdue: false, dueAt: NOW + 90 * MINUTE, dueText: 'due in 1 h 30 min' });
    expect(r4).toMatchObject({ overdue: false, dueAt: null, nextDue: null, dueText: 'no fixed cadence' });
    expect(r4!.lastUpdate).not.toBeNull();

    expect(view.status.indicator).toBe('major');
    expect(view.maintenance).toEqual([]);
  });

  it('says overdue only after the due moment', () => {
    incident(t.db, { title: 'Edge', severity: 'SEV2', startedAt: NOW - 30 * MINUTE, steps: [{ at: NOW - 30 * MINUTE, status: 'investigating', body: 'x' }] });
    expect(dashboardView(t.db, NOW).incidents[0]).toMatchObject({ overdue: false, dueText: 'due in less than a minute' });
    expect(dashboardView(t.db, NOW + 60_000).incidents[0]).toMatchObject({ overdue: true, dueText: 'overdue by 1 min' });
  });

  it('computes due and overdue from the cadence configured in the settings', () => {
    incident(t.db, { title: 'Slow search', severity: 'SEV3', startedAt: NOW - 40 * MINUTE, steps: [{ at: NOW - 40 * MINUTE, status: 'investigating', body: 'x' }] });
    incident(t.db, { title: 'Typo', severity: 'SEV4', startedAt: NOW - 40 * MINUTE, steps: [{ at: NOW - 40 * MINUTE, status: 'investigating', body: 'y' }] });
    const dueTexts = (): string[] => dashboardView(t.db, NOW).incidents.map((r) => `${r.event.title}: ${r.dueText}`);
    // Defaults: SEV3 every 2 h, SEV4 none.
    expect(dueTexts()).toEqual(['Slow search: due in 1 h 20 min', 'Typo: no fixed cadence']);
    updatePageSettings(t.db, { cadence: { ...DEFAULT_CADENCE, SEV3: 30, SEV4: 60 } }, NOW);
    expect(dueTexts()).toEqual(['Slow search: overdue by 10 min', 'Typo: due in 20 min']);
    expect(dashboardView(t.db, NOW).incidents[0]!.overdue).toBe(true);
    updatePageSettings(t.db, { cadence: { ...DEFAULT_CADENCE, SEV3: null } }, NOW);
    expect(dueTexts()).toEqual(['Slow search: no fixed cadence', 'Typo: no fixed cadence']);
  });

  it('lists scheduled and in-progress maintenance apart from incidents, not completed maintenance', () => {
    const db = component(t.db, 'db', 'Database', T0);
    const upcoming = maintenance(t.db, {
      title: 'Database upgrade',
      scheduledFor: NOW + DAY,
      scheduledUntil: NOW + DAY + 2 * HOUR,
      componentIds: [db],
      steps: [{ at: NOW - HOUR, status: 'scheduled', body: 'Planned.' }],
    });
    const running = maintenance(t.db, {
      title: 'Network work',
      scheduledFor: NOW - 30 * MINUTE,
      scheduledUntil: NOW + 30 * MINUTE,
      componentIds: [db],
      steps: [
        { at: NOW - DAY, status: 'scheduled', body: 'Planned.' },
        { at: NOW - 30 * MINUTE, status: 'in_progress', body: 'Started.', set: { [db]: 'under_maintenance' } },
      ],
    });
    maintenance(t.db, {
      title: 'Finished work',
      scheduledFor: NOW - 3 * DAY,
      scheduledUntil: NOW - 3 * DAY + HOUR,
      componentIds: [db],
      steps: [
        { at: NOW - 4 * DAY, status: 'scheduled', body: 'Planned.' },
        { at: NOW - 3 * DAY + HOUR, status: 'completed', body: 'Done.' },
      ],
    });
    const view = dashboardView(t.db, NOW);
    expect(view.incidents).toEqual([]);
    expect(view.maintenance.map((m) => [m.id, m.title, m.status]).sort()).toEqual(
      [
        [upcoming.id, 'Database upgrade', 'scheduled'],
        [running.id, 'Network work', 'in_progress'],
      ].sort(),
    );
    expect(view.maintenance.every((m) => m.kind === 'maintenance')).toBe(true);
  });
});
