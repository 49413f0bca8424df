import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ComponentStatus } from '../../../src/core/component-status.js';
import type { HomeView } from '../../../src/server/views/home.js';
import { homeView } from '../../../src/server/views/home.js';
import { RECENT_DAYS } from '../../../src/server/views/recent-events.js';
import type { ComponentView } from '../../../src/server/views/component-tree.js';
import { tempDatabase, type TempDatabase } from '../../helpers/db.js';
import { component, DAY, group, HOUR, incident, maintenance, MINUTE, page } from '../../helpers/fixtures.js';

const NOW = Date.UTC(2026, 10, 22, 15, 0);
const T0 = NOW - 120 * DAY;

let t: TempDatabase;
beforeEach(() => {
  t = tempDatabase();
});
afterEach(() => t.dispose());

function home(now = NOW): HomeView {
  const r = homeView(t.db, now);
  if (r.kind !== 'ok') throw new Error(`expected ok, got ${r.kind}`);
  return r.view;
}

const flat = (tree: readonly ComponentView[]): ComponentView[] => tree.flatMap((c) => [c, ...c.children]);

describe('page status (indicator + description)', () => {
  it.each<[ComponentStatus[], string, string]>([
    [['operational', 'operational', 'operational'], 'none', 'All Systems Operational'],
    [['operational', 'partial_outage', 'operational'], 'minor', 'Minor Service Outage'],
    [['major_outage', 'major_outage', 'major_outage'], 'critical', 'Major System Outage'],
    [['major_outage', 'operational', 'degraded_performance'], 'major', 'Partial System Outage'],
    [['partial_outage', 'partial_outage'], 'major', 'Partial System Outage'],
    [['degraded_performance', 'degraded_performance'], 'minor', 'Degraded System Service'],
    [['degraded_performance', 'operational'], 'minor', 'Partially Degraded Service'],
    [['under_maintenance', 'operational'], 'maintenance', 'Service Under Maintenance'],
    [['under_maintenance', 'degraded_performance'], 'minor', 'Partially Degraded Service'],
  ])('leaves %j → %s “%s”', (statuses, indicator, description) => {
    // Inside a group: the group itself must not count as a (status-less) component.
    const g = group(t.db, 'g', 'G', T0);
    statuses.forEach((status, i) => component(t.db, `c${i}`, `C${i}`, T0, { groupId: g, status }));
    expect(home().status).toEqual({ indicator, description });
  });

  it('follows incident updates', () => {
    const a = component(t.db, 'a', 'A', T0);
    component(t.db, 'b', 'B', T0);
    expect(home().status.indicator).toBe('none');
    const { id } = incident(t.db, {
      title: 'x',
      startedAt: NOW - HOUR,
      steps: [{ at: NOW - HOUR, status: 'investigating', body: 'x', set: { [a]: 'partial_outage' } }],
    });
    expect(home().status).toEqual({ indicator: 'minor', description: 'Minor Service Outage' });
    expect(home().openIncidents.map((e) => e.id)).toEqual([id]);
  });

  it('hidden (only-show-if-degraded) components still count', () => {
    component(t.db, 'down', 'Down', T0, { status: 'major_outage' });
    component(t.db, 'quiet', 'Quiet', T0, { onlyShowIfDegraded: true });
    const v = home();
    expect(flat(v.components).map((c) => c.slug)).toEqual(['down']);
    // Were the hidden operational one not counted, every leaf would be down: critical.
    expect(v.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
  });

  it('archived components do not count', () => {
    component(t.db, 'a', 'A', T0);
    const b = component(t.db, 'b', 'B', T0, { status: 'major_outage' });
    expect(home().status.indicator).toBe('major');
    t.sqlite.prepare('update components set archived_at = ? where id = ?').run(NOW, b);
    expect(home().status.indicator).toBe('none');
  });

  it('with no components, the worst open incident decides', () => {
    expect(home().status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
    const { id } = incident(t.db, { title: 'x', startedAt: NOW - HOUR, steps: [{ at: NOW - HOUR, status: 'investigating', body: 'x' }] });
    // No component changes: impact none.
    expect(home().status.indicator).toBe('none');
    t.sqlite.prepare("update events set impact_override = 'major' where id = ?").run(id);
    expect(home().status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
  });
});

describe('open incidents', () => {
  it('lists open incidents newest first, each with only its latest update rendered', () => {
    const a = component(t.db, 'a', 'A', T0);
    const mk = (title: string, start: number) =>
      incident(t.db, {
        title,
        startedAt: start,
        steps: [
          { at: start, status: 'investigating', body: `${title}: looking`, set: { [a]: 'degraded_performance' } },
          { at: start + 10 * MINUTE, status: 'identified', body: `${title}: **found** it` },
        ],
      }).id;
    const oldest = mk('oldest', NOW - 3 * HOUR);
    const newest = mk('newest', NOW - 1 * HOUR);
    const middle = mk('middle', NOW - 2 * HOUR);
    incident(t.db, {
      title: 'closed',
      startedAt: NOW - 4 * HOUR,
      steps: [
        { at: NOW - 4 * HOUR, status: 'investigating', body: 'x' },
        { at: NOW - 3.5 * HOUR, status: 'resolved', body: 'y' },
      ],
    });
    const v = home();
    expect(v.openIncidents.map((e) => e.id)).toEqual([newest, middle, oldest]);
    for (const e of v.openIncidents) {
      expect(e.updates).toHaveLength(1);
      expect(e.updates[0]!.status).toBe('identified');
      expect(e.updates[0]!.html).toBe(`<p>${e.title}: <strong>found</strong> it</p>\n`);
      expect(e.impact).toBe('minor');
    }
  });

  it('does not list maintenance among incidents', () => {
    const a = component(t.db, 'a', 'A', T0);
    maintenance(t.db, {
      title: 'm',
      scheduledFor: NOW - HOUR,
      scheduledUntil: NOW + HOUR,
      componentIds: [a],
      steps: [{ at: NOW - HOUR, status: 'in_progress', body: 'x', set: { [a]: 'under_maintenance' } }],
    });
    expect(home().openIncidents).toEqual([]);
  });
});

describe('maintenance', () => {
  it('splits active from upcoming; completed is neither', () => {
    const a = component(t.db, 'a', 'A', T0);
    const upcoming = maintenance(t.db, {
      title: 'upcoming',
      scheduledFor: NOW + 3 * DAY,
      scheduledUntil: NOW + 3 * DAY + 2 * HOUR,
      componentIds: [a],
      steps: [{ at: NOW - DAY, status: 'scheduled', body: 'soon' }],
    }).id;
    const later = maintenance(t.db, {
      title: 'later',
      scheduledFor: NOW + 10 * DAY,
      scheduledUntil: NOW + 10 * DAY + HOUR,
      componentIds: [a],
      steps: [{ at: NOW - DAY, status: 'scheduled', body: 'later' }],
    }).id;
    const active = maintenance(t.db, {
      title: 'active',
      scheduledFor: NOW - HOUR,
      scheduledUntil: NOW + HOUR,
      componentIds: [a],
      steps: [
        { at: NOW - 2 * DAY, status: 'scheduled', body: 'planned' },
        { at: NOW - HOUR, status: 'in_progress', body: 'started', set: { [a]: 'under_maintenance' } },
      ],
    }).id;
    const verifying = maintenance(t.db, {
      title: 'verifying',
      scheduledFor: NOW - 2 * HOUR,
      scheduledUntil: NOW + HOUR,
      componentIds: [a],
      steps: [{ at: NOW - 2 * HOUR, status: 'verifying', body: 'checking' }],
    }).id;
    const done = maintenance(t.db, {
      title: 'done',
      scheduledFor: NOW - 2 * DAY,
      scheduledUntil: NOW - 2 * DAY + HOUR,
      componentIds: [a],
      steps: [
        { at: NOW - 2 * DAY, status: 'in_progress', body: 'x' },
        { at: NOW - 2 * DAY + HOUR, status: 'completed', body: 'y' },
      ],
    }).id;
    const v = home();
    expect(v.upcomingMaintenance.map((e) => e.id)).toEqual([upcoming, later]);
    expect(v.activeMaintenance.map((e) => e.id)).toEqual([verifying, active]);
    expect(v.upcomingMaintenance.every((e) => e.impact === 'maintenance')).toBe(true);
    const shown = [...v.upcomingMaintenance, ...v.activeMaintenance].map((e) => e.id);
    expect(shown).not.toContain(done);
    expect(v.status).toEqual({ indicator: 'maintenance', description: 'Service Under Maintenance' });
  });
});

describe('components', () => {
  it('builds the tree: groups with their children, 90 bars each, group status = worst child', () => {
    const core = group(t.db, 'core', 'Core', T0, 1);
    const data = group(t.db, 'data', 'Data', T0, 2);
    component(t.db, 'web', 'Web', T0, { groupId: core, position: 1, status: 'degraded_performance' });
    component(t.db, 'api', 'API', T0, { groupId: core, position: 2, status: 'partial_outage' });
    component(t.db, 'db', 'Database', T0, { groupId: data, position: 1 });
    component(t.db, 'misc', 'Misc', T0, { position: 3 });
    const v = home();
    expect(v.components.map((c) => c.slug)).toEqual(['core', 'data', 'misc']);
    expect(v.components[0]!.children.map((c) => c.slug)).toEqual(['web', 'api']);
    expect(v.components[0]!.status).toBe('partial_outage');
    expect(v.components[1]!.children.map((c) => c.slug)).toEqual(['db']);
    expect(v.components[1]!.status).toBe('operational');
    for (const c of flat(v.components)) expect(c.bars).toHaveLength(90);
    expect(v.uptimeFrom).toBe('2026-08-25');
    expect(v.uptimeTo).toBe('2026-11-22');
  });

  it('only-show-if-degraded hides an operational component but not a degraded one', () => {
    const g = group(t.db, 'g', 'G', T0);
    component(t.db, 'hidden', 'Hidden', T0, { groupId: g, onlyShowIfDegraded: true });
    component(t.db, 'shown', 'Shown', T0, { groupId: g, onlyShowIfDegraded: true, status: 'degraded_performance' });
    component(t.db, 'plain', 'Plain', T0, { groupId: g });
    const slugs = flat(home().components).map((c) => c.slug);
    expect(slugs).toContain('shown');
    expect(slugs).toContain('plain');
    expect(slugs).not.toContain('hidden');
  });

  it('cuts the window in the page zone', () => {
    page(t.db, 'Acme', 'Pacific/Kiritimati', NOW); // UTC+14: already Nov 23
    component(t.db, 'a', 'A', T0);
    const v = home();
    expect(v.uptimeTo).toBe('2026-11-23');
    expect(v.uptimeFrom).toBe('2026-08-26');
  });
});

describe('recent', () => {
  it(`lists closed events that started in the last ${RECENT_DAYS} days, newest first`, () => {
    const a = component(t.db, 'a', 'A', T0);
    const closed = (title: string, start: number) =>
      incident(t.db, {
        title,
        startedAt: start,
        steps: [
          { at: start, status: 'investigating', body: 'x', set: { [a]: 'major_outage' } },
          { at: start + HOUR, status: 'resolved', body: 'y', set: { [a]: 'operational' } },
        ],
      }).id;
    const twoDays = closed('two days', NOW - 2 * DAY);
    const sixDays = closed('six days', NOW - 6 * DAY);
    closed('eight days', NOW - 8 * DAY);
    const justInside = closed('just inside', NOW - 7 * DAY);
    const mnt = maintenance(t.db, {
      title: 'completed maintenance',
      scheduledFor: NOW - 3 * DAY,
      scheduledUntil: NOW - 3 * DAY + HOUR,
      componentIds: [a],
      steps: [
        { at: NOW - 3 * DAY, status: 'in_progress', body: 'x' },
        { at: NOW - 3 * DAY + HOUR, status: 'completed', body: 'y' },
      ],
    }).id;
    const open = incident(t.db, { title: 'open', startedAt: NOW - DAY, steps: [{ at: NOW - DAY, status: 'monitoring', body: 'x' }] }).id;
    const v = home();
    expect(v.recent.map((e) => e.id)).toEqual([twoDays, mnt, sixDays, justInside]);
    expect(v.recent.map((e) => e.id)).not.toContain(open);
    expect(v.recent.every((e) => e.closed && e.updates.length === 1)).toBe(true);
    expect(v.recent[0]!.impact).toBe('critical');
  });
});

describe('layout', () => {
  it('carries the page settings; an invalid brand colour is dropped', () => {
    page(t.db, 'Acme Cloud', 'America/New_York', NOW);
    t.sqlite.prepare("update page_settings set brand_color = 'red; background:url(x)', support_url = 'https://help.example'").run();
    const r = homeView(t.db, NOW);
    expect(r.kind).toBe('ok');
    expect(r.layout).toEqual({
      pageName: 'Acme Cloud',
      description: null,
      logoUrl: null,
      brandColor: null,
      supportUrl: 'https://help.example',
      timeZone: 'America/New_York',
    });
    t.sqlite.prepare("update page_settings set brand_color = '#2c5cc5'").run();
    expect(homeView(t.db, NOW).layout.brandColor).toBe('#2c5cc5');
  });

  it('an empty database gives an empty, operational page', () => {
    const v = home();
    expect(v).toMatchObject({ openIncidents: [], activeMaintenance: [], upcomingMaintenance: [], components: [], recent: [] });
    expect(v.status.indicator).toBe('none');
  });
});
