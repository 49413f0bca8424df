import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API_ENDPOINTS, API_LIMIT } from '../../../src/server/api/statuspage.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { DAY, HOUR, incident, MINUTE } from '../../helpers/fixtures.js';
import { shapeProblems } from '../../helpers/shape.js';
import { writeApiSite, type ApiSite } from './api-site.fixture.js';

const RAW_SAMPLE = JSON.parse(readFileSync(new URL('./statuspage-v2-summary.sample.json', import.meta.url), 'utf8')) as Record<
  string,
  any
>;
/**
 * Statuspage has one component object wherever it appears, but the sample shows its nullable
 * fields (description, start_date) only in the top-level list: let nested lists see every
 * example too. Group-only keys stay optional there because not all examples have them.
 */
const componentExamples = RAW_SAMPLE.components;
const SAMPLE: Record<string, any> = {
  ...RAW_SAMPLE,
  incidents: RAW_SAMPLE.incidents.map((i: any) => ({ ...i, components: [...i.components, ...componentExamples] })),
  scheduled_maintenances: RAW_SAMPLE.scheduled_maintenances.map((m: any) => ({ ...m, components: [...m.components, ...componentExamples] })),
};
const NOW = Date.UTC(2026, 4, 13, 18, 16, 7, 149); // 14:16:07.149 in New York (EDT)
const CFG = { publicUrl: 'https://status.example.com', listenUrl: 'http://localhost:4321' };
// Round trip through JSON, as a client sees it.
const call = (t: TempDatabase, path: string): Record<string, any> => JSON.parse(JSON.stringify(API_ENDPOINTS[path]!(t.db, CFG, NOW)));

let t: TempDatabase;
let site: ApiSite;
beforeEach(() => {
  t = tempDatabase();
  site = writeApiSite(t.db, NOW);
});
afterEach(() => t.dispose());

describe('shape: every endpoint matches the Statuspage sample', () => {
  const pick = (...keys: string[]): Record<string, unknown> => Object.fromEntries(keys.map((k) => [k, SAMPLE[k]]));
  it.each([
    ['v2/summary.json', SAMPLE],
    ['v2/status.json', pick('page', 'status')],
    ['v2/components.json', pick('page', 'components')],
    ['v2/incidents.json', pick('page', 'incidents')],
    ['v2/incidents/unresolved.json', pick('page', 'incidents')],
    ['v2/scheduled-maintenances.json', pick('page', 'scheduled_maintenances')],
    ['v2/scheduled-maintenances/upcoming.json', pick('page', 'scheduled_maintenances')],
    ['v2/scheduled-maintenances/active.json', pick('page', 'scheduled_maintenances')],
  ])('%s', (path, sample) => {
    const body = call(t, path);
    expect(shapeProblems(sample, body)).toEqual([]);
    // Empty lists would conform trivially: the fixture fills every list.
    for (const key of ['components', 'incidents', 'scheduled_maintenances'] as const) {
      if (key in sample) expect(body[key].length, key).toBeGreaterThan(0);
    }
  });
});

describe('v2/summary.json', () => {
  it('wraps everything with the page, its public URL and zone, updated_at the latest change', () => {
    const { page } = call(t, 'v2/summary.json');
    expect(page).toMatchObject({ name: 'Example Status', url: 'https://status.example.com', time_zone: 'America/New_York' });
    expect(page.id).toMatch(/^[0-9a-z]{12}$/);
    // The newest write is the identified update 10 minutes before NOW.
    expect(page.updated_at).toBe('2026-05-13T14:06:07.149-04:00');
  });

  it('derives the indicator from leaf components: one partial outage among others → minor', () => {
    expect(call(t, 'v2/summary.json').status).toEqual({ indicator: 'minor', description: 'Minor Service Outage' });
  });

  it('lists groups with child ids, children with group_id, statuses from history', () => {
    const { components } = call(t, 'v2/summary.json');
    const byName = new Map(components.map((c: any) => [c.name, c]));
    expect(byName.get('Voice')).toMatchObject({ group: true, status: 'partial_outage', components: [site.ids.euWest, site.ids.euCentral] });
    expect(byName.get('EU West')).toMatchObject({ group: false, group_id: site.ids.voice, status: 'partial_outage' });
    expect(byName.get('EU West')).not.toHaveProperty('components');
    expect(byName.get('EU Central')).toMatchObject({ start_date: '2025-07-10', status: 'operational' });
    expect(byName.get('Catalog')).toMatchObject({ status: 'under_maintenance', description: 'Catalog search' });
    expect(byName.get('Search')).toMatchObject({ showcase: false });
  });

  it('carries unresolved incidents and upcoming plus active maintenance', () => {
    const body = call(t, 'v2/summary.json');
    expect(body.incidents.map((i: any) => i.id)).toEqual([site.openIncident]);
    expect(body.scheduled_maintenances.map((m: any) => m.id).sort()).toEqual([site.activeMaintenance, site.upcomingMaintenance].sort());
  });

  it('gives incident updates newest first with old → new component statuses, named "Group - Child"', () => {
    const [inc] = call(t, 'v2/summary.json').incidents;
    expect(inc).toMatchObject({
      name: 'Elevated voice connection errors in EU West',
      status: 'identified',
      impact: 'major',
      shortlink: `https://status.example.com/incidents/${site.openIncident}`,
      monitoring_at: null,
      resolved_at: null,
      started_at: '2026-05-13T13:46:07.149-04:00',
    });
    expect(inc.incident_updates.map((u: any) => u.status)).toEqual(['identified', 'investigating']);
    expect(inc.incident_updates[1].affected_components).toEqual([
      { code: site.ids.euWest, name: 'Voice - EU West', old_status: 'operational', new_status: 'partial_outage' },
    ]);
    expect(inc.incident_updates[0].affected_components[0]).toMatchObject({ old_status: 'partial_outage', new_status: 'partial_outage' });
    expect(inc.incident_updates[0]).toMatchObject({ incident_id: site.openIncident, deliver_notifications: true, body: 'The issue has been identified.' });
    expect(inc.components.map((c: any) => c.id)).toEqual([site.ids.euWest]);
  });

  it('formats every timestamp as ISO-8601 with milliseconds and the page offset', () => {
    const text = JSON.stringify(call(t, 'v2/summary.json'));
    const stamps = [...text.matchAll(/"(created_at|updated_at|display_at|started_at|scheduled_for|scheduled_until)":"([^"]+)"/g)].map((m) => m[2]!);
    expect(stamps.length).toBeGreaterThan(20);
    for (const s of stamps) expect(s).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}-0[45]:00$/);
  });
});

describe('maintenance endpoints', () => {
  it('marks maintenance impact "maintenance" with its window', () => {
    const [m] = call(t, 'v2/scheduled-maintenances/active.json').scheduled_maintenances;
    expect(m).toMatchObject({
      id: site.activeMaintenance,
      status: 'in_progress',
      impact: 'maintenance',
      scheduled_for: '2026-05-13T13:56:07.149-04:00',
      scheduled_until: '2026-05-13T15:16:07.149-04:00',
    });
    expect(m.incident_updates[0].affected_components).toEqual([
      { code: site.ids.catalog, name: 'Catalog', old_status: 'operational', new_status: 'under_maintenance' },
    ]);
  });

  it('splits upcoming (scheduled) from active (in progress or verifying)', () => {
    expect(call(t, 'v2/scheduled-maintenances/upcoming.json').scheduled_maintenances.map((m: any) => m.id)).toEqual([site.upcomingMaintenance]);
    expect(call(t, 'v2/scheduled-maintenances/active.json').scheduled_maintenances.map((m: any) => m.id)).toEqual([site.activeMaintenance]);
    expect(call(t, 'v2/scheduled-maintenances.json').scheduled_maintenances).toHaveLength(2);
  });
});

describe('incident endpoints', () => {
  it('incidents.json includes resolved ones with monitoring_at and resolved_at; unresolved.json does not', () => {
    const all = call(t, 'v2/incidents.json').incidents;
    expect(all.map((i: any) => i.id)).toEqual([site.openIncident, site.resolvedIncident]);
    expect(all[1]).toMatchObject({
      status: 'resolved',
      impact: 'minor',
      monitoring_at: '2026-05-10T14:36:07.149-04:00',
      resolved_at: '2026-05-10T15:16:07.149-04:00',
    });
    expect(call(t, 'v2/incidents/unresolved.json').incidents.map((i: any) => i.id)).toEqual([site.openIncident]);
  });

  it(`incidents.json returns the ${API_LIMIT} newest`, () => {
    for (let i = 0; i < API_LIMIT + 3; i++) {
      incident(t.db, { title: `Old ${i}`, startedAt: NOW - 10 * DAY - i * HOUR, steps: [{ at: NOW - 10 * DAY - i * HOUR + MINUTE, status: 'resolved', body: 'x' }] });
    }
    const names = call(t, 'v2/incidents.json').incidents.map((i: any) => i.name);
    expect(names).toHaveLength(API_LIMIT);
    expect(names.slice(0, 2)).toEqual(['Elevated voice connection errors in EU West', 'Catalog timeouts']);
    expect(names).toContain('Old 47');
    expect(names).not.toContain('Old 48');
  });
});

describe('v2/uptime.json', () => {
  it('gives every component 90 days of downtime figures and uptime percentages', () => {
    const body = call(t, 'v2/uptime.json');
    expect(body.days).toBe(90);
    const euWest = body.components.find((c: any) => c.id === site.ids.euWest);
    expect(euWest.days).toHaveLength(90);
    const today = euWest.days[89];
    expect(today.date).toBe('2026-05-13');
    // Partial outage for the last 28 minutes: weighted 0.3.
    expect(today.partial_outage_seconds).toBe(28 * 60);
    expect(today.downtime_seconds).toBe(Math.round(0.3 * 28 * 60));
    expect(today.worst_status).toBe('partial_outage');
    expect(euWest.uptime_percentage_90d).toBeLessThan(100);
    expect(euWest.uptime_percentage_90d).toBeGreaterThan(99.9);
    const voice = body.components.find((c: any) => c.id === site.ids.voice);
    expect(voice.group).toBe(true);
    // Mean of children: EU Central is at 100.
    const central = body.components.find((c: any) => c.id === site.ids.euCentral);
    expect(central.uptime_percentage_90d).toBe(100);
    expect(voice.uptime_percentage_90d).toBeCloseTo((euWest.uptime_percentage_90d + 100) / 2, 3);
  });
});
